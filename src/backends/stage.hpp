// Internal: streaming text past the caches through a stage that stays in L1.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "simdigits/simdigits.hpp"
#include "../simd/glue.hpp"

namespace simdigits::detail {

// Outputs larger than the caches: a plain store to a line that is not cached first reads that line in
// (read for ownership), so past the caches text costs twice its bytes in memory traffic. Large texts
// are therefore written into a stage that stays in L1, and leave it a whole cache line at a time with
// non-temporal stores, which keep their speed at every size where plain stores lose most of theirs
// past the last-level cache (docs/design.md, "Past the caches"). 24 MB is where plain stores stopped
// fitting on every host measured. Smaller outputs stay on the direct path: their text is usually read
// next, and should still be in cache then. A join counts its values' bytes too: they pass through the
// same caches. Fresh memory never streams (see destination).
constexpr std::size_t streaming_bytes = std::size_t(24) << 20;

constexpr std::size_t stage_bytes = 16384;

// Writes text at p, into at most `room` bytes (npos: unbounded), through a stage of Size bytes:
// fill(q, limit, done, sink) writes the next piece at q, never past limit, and returns its end
// (nullptr: it did not fit); it sets `done` after the last piece. The whole lines a piece completes go
// out by non-temporal stores, at the latest after the piece; the kernels send them sooner through the
// sink, as they go (see line_sink). Only text leaves the stage, so no byte past its end is written:
// the first line, part of which may be another's, is copied, not streamed, and so is the last.
// Returns the end of the text, or nullptr when it would not fit in `room`.
template <simd::isa I, std::size_t Size, class Fill>
char* through_stage(char* p, std::size_t room, Fill fill) noexcept {
  alignas(64) char stage[Size];
  const simd::table& t = simd::table_of<I>();
  // The stage shares the output's alignment: stage[k] goes to sink.to + (k - (sink.from - stage)).
  // (A kernel may also send lines that never were in the stage: only sink.to says where the text is.)
  const std::size_t start = std::uintptr_t(p) % 64;
  char* const room_end = room == npos ? nullptr : p + room;
  bool head_pending = start != 0;
  simd::line_sink sink{stage + (head_pending ? 64 : 0), p - start + (head_pending ? 64 : 0)};
  char* q = stage + start;
  char* text_end = nullptr;
  for (bool done = false; q != nullptr;) {
    const std::size_t stage_room =
        room_end == nullptr ? Size : std::size_t(room_end - sink.to) + std::size_t(sink.from - stage);
    q = fill(q, stage + std::min(Size, stage_room), done, &sink);
    if (q == nullptr) break;
    if (head_pending && (q - stage >= 64 || done)) {
      std::memcpy(p, stage + start, std::min<std::size_t>(std::size_t(q - stage), 64) - start);
      head_pending = false;
    }
    t.send_lines(&sink, q);
    if (done) {
      if (q > sink.from) std::memcpy(sink.to, sink.from, std::size_t(q - sink.from));
      text_end = sink.to + (q - sink.from);
      break;
    }
    if (head_pending) continue;  // the first line is not complete yet: the stage keeps it
    // The partial last line moves to the front of the stage.
    const auto partial = std::size_t(q - sink.from);
    std::memcpy(stage, sink.from, partial);
    q = stage + partial;
    sink.from = stage;
  }
  t.stream_fence();  // the text is complete before anyone is told
  return text_end;
}

} // namespace simdigits::detail
