// The plan's steps (plan.hpp), compiled once for every source: each reaches its source through source_ref.
#include "plan.hpp"

#include <unistd.h>
#ifdef __linux__
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

#include <atomic>
#include <memory>
#include <cerrno>

namespace simdigits::detail {

std::size_t measure(const source_ref& src, std::size_t n, std::size_t threads, text_slice& first,
                    std::vector<text_slice>& more) {
  const std::size_t tasks = task_count(n, threads);
  auto slice = [&](std::size_t i) {
    const std::size_t from = slice_start(n, tasks, i);
    return text_slice{from, slice_start(n, tasks, i + 1) - from, 0};
  };
  if (tasks == 1) {
    first = slice(0);
    first.length = src.length(0, n);
    return first.length;
  }
  more.resize(tasks);
  for (std::size_t i = 0; i < tasks; ++i) more[i] = slice(i);
  auto measure_slice = [&](std::size_t i) { more[i].length = src.length(more[i].from, more[i].count); };
  if (src.length_in_closed_form)
    for (std::size_t i = 0; i < tasks; ++i) measure_slice(i);
  else
    run_tasks(tasks, measure_slice);
  first = more[0];
  std::size_t total = 0;
  for (const text_slice& s : more) total = add_length(total, s.length);
  return total;
}

namespace {

destination destination_of(memory to) noexcept {
  return to == memory::fresh ? destination::fresh : destination::in_use;
}

// Writes the slices at out (which holds their total length); false when a slice's text no longer fits
// its measured length. `parallel`: one thread a slice.
bool write_slices(const source_ref& src, std::span<const text_slice> slices, char* out, destination to,
                  bool parallel) noexcept {
  std::vector<char*> starts;
  std::vector<char> ok;
  if (parallel) {
    try {
      starts.resize(slices.size() + 1);
      ok.resize(slices.size());
    } catch (const std::exception&) {
      parallel = false;  // no memory for the offsets: one slice after another
    }
  }
  if (!parallel) {
    for (const text_slice& s : slices) {
      if (src.write(s.from, s.count, out, out + s.length, to) != out + s.length) return false;
      out += s.length;
    }
    return true;
  }
  starts[0] = out;
  for (std::size_t i = 0; i < slices.size(); ++i) starts[i + 1] = starts[i] + slices[i].length;
  run_tasks(slices.size(), [&](std::size_t i) {
    ok[i] = src.write(slices[i].from, slices[i].count, starts[i], starts[i + 1], to) == starts[i + 1];
  });
  return std::find(ok.begin(), ok.end(), 0) == ok.end();
}

// pwrite of all `size` bytes at `offset`, through EINTR and short writes; 0 or an errno.
int pwrite_all(int fd, const char* data, std::size_t size, std::uint64_t offset) noexcept {
  while (size > 0) {
    const ssize_t k = ::pwrite(fd, data, size, off_t(offset));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return k < 0 ? errno : EIO;
    data += k, size -= std::size_t(k), offset += std::uint64_t(k);
  }
  return 0;
}

// How many of a slice's items make a piece of about `bytes`, from the slice's average item length.
std::size_t items_per_piece(const text_slice& s, std::size_t bytes) noexcept {
  if (s.length == 0 || s.count == 0) return std::max<std::size_t>(s.count, 1);
  const long double per_item = static_cast<long double>(s.length) / static_cast<long double>(s.count);
  return std::max<std::size_t>(1, std::size_t(std::min<long double>(static_cast<long double>(s.count),
                                                                    static_cast<long double>(bytes) / per_item)));
}

// A piece's memory, not initialized: every piece's text is written before it is read, and the pages
// a piece never reaches are never touched.
struct piece_buffer {
  std::unique_ptr<char[]> bytes;
  std::size_t capacity = 0;
  char* data() const noexcept { return bytes.get(); }
  std::size_t size() const noexcept { return capacity; }
  bool empty() const noexcept { return capacity == 0; }
  void resize(std::size_t n) {  // (the text is not kept)
    if (n <= capacity) return;
    bytes.reset(new char[n]);
    capacity = n;
  }
};

// Formats items [from, from + count) of src into `buffer`: into the room it has (a piece's items are
// chosen to fill about half of it), else, when they did not fit, into as much as they measure. The
// text's view, or an empty view with `failure` set when the items changed or no memory was left.
std::string_view format_piece(const source_ref& src, std::size_t from, std::size_t count, piece_buffer& buffer,
                              status& failure) noexcept {
  char* out = buffer.data();
  if (!buffer.empty())
    if (char* end = src.write(from, count, out, out + buffer.size(), destination::fresh)) return {out, std::size_t(end - out)};
  const std::size_t length = src.length(from, count);
  try {
    if (length != npos && buffer.size() < length) buffer.resize(length);
  } catch (const std::exception&) {
    failure = status::no_memory;
    return {};
  }
  out = buffer.data();
  if (length == npos || src.write(from, count, out, out + length, destination::fresh) != out + length) {
    failure = status::values_changed;
    return {};
  }
  return {out, length};
}

// A piece's buffer: twice the bytes its items are chosen for, so that most pieces fit at once.
bool make_piece_buffer(piece_buffer& buffer, std::size_t piece_bytes) noexcept {
  try {
    buffer.resize(piece_bytes > npos / 2 ? piece_bytes : 2 * piece_bytes);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Reserves the disk blocks of file `fd`'s bytes [offset, offset + size) at once, when its file system
// would otherwise find them a write at a time (ext4 and xfs delay the allocation); the file's size is
// kept. Not on tmpfs (its pages are memory either way) nor where the call is not taken (pipes, other
// systems): then nothing is done.
void reserve_blocks(int fd, std::uint64_t offset, std::uint64_t size) noexcept {
#ifdef __linux__
  struct statfs fs;
  if (size == 0 || ::fstatfs(fd, &fs) != 0 || fs.f_type == TMPFS_MAGIC) return;
  (void)::fallocate(fd, FALLOC_FL_KEEP_SIZE, off_t(offset), off_t(size));
#else
  (void)fd, (void)offset, (void)size;
#endif
}

// Writes the slices into file `fd` from `offset` on: one thread a slice, each formatting its slice a
// piece of about buffer_bytes at a time and writing it with pwrite at its place.
write_result write_slices_to_file(const source_ref& src, std::span<const text_slice> slices, int fd,
                                  std::uint64_t offset, std::size_t buffer_bytes, bool parallel) noexcept {
  std::vector<std::uint64_t> starts;
  try {
    starts.resize(slices.size() + 1);
  } catch (const std::exception&) {
    return {status::no_memory};
  }
  starts[0] = offset;
  for (std::size_t i = 0; i < slices.size(); ++i) starts[i + 1] = starts[i] + slices[i].length;
  reserve_blocks(fd, offset, starts.back() - offset);
  std::atomic<int> failed{0};  // the first failure: a status, or io_error with its errno in `error`
  std::atomic<int> error{0};
  std::atomic<std::size_t> written{0};
  auto fail = [&](status why, int e = 0) {
    int none = 0;
    if (failed.compare_exchange_strong(none, int(why))) error = e;
  };
  auto write_slice = [&](std::size_t i) {
    const text_slice& s = slices[i];
    piece_buffer buffer;
    make_piece_buffer(buffer, buffer_bytes);  // or, without the memory, one measured piece at a time
    const std::size_t per_piece = items_per_piece(s, buffer_bytes);
    std::uint64_t at = starts[i];
    // At least one piece: a slice of no items may still have text (a table's header).
    for (std::size_t done = 0, pieces = 0; (done < s.count || pieces == 0) && failed.load(std::memory_order_relaxed) == 0;
         ++pieces) {
      const std::size_t k = std::min(per_piece, s.count - done);
      status failure = status::ok;
      const std::string_view piece = format_piece(src, s.from + done, k, buffer, failure);
      if (failure == status::ok && at + piece.size() > starts[i + 1]) failure = status::values_changed;
      if (failure != status::ok) return fail(failure);
      if (const int e = pwrite_all(fd, piece.data(), piece.size(), at)) return fail(status::io_error, e);
      at += piece.size(), done += k;
      written += piece.size();
    }
    if (failed.load() == 0 && at != starts[i + 1]) fail(status::values_changed);
  };
  if (parallel) run_tasks(slices.size(), write_slice);
  else
    for (std::size_t i = 0; i < slices.size(); ++i) write_slice(i);
  return {status(failed.load()), written.load(), error.load()};
}

// Hands the text of items [0, n) to sink in order, in pieces of about piece_bytes: each round `workers`
// threads format consecutive pieces into their own buffers, then this thread hands them on. The text
// need not fit std::size_t (`length`: npos); each round's pieces take as many items as the last round's
// average item length fills piece_bytes with.
write_result write_in_pieces(const source_ref& src, std::size_t n, std::size_t length, std::size_t workers,
                             std::size_t piece_bytes, const std::function<bool(std::string_view)>& sink) {
  constexpr std::size_t sample = 4096;
  std::size_t per_piece = items_per_piece(text_slice{0, std::min(n, sample), src.length(0, std::min(n, sample))}, piece_bytes);
  workers = std::max<std::size_t>(1, std::min(workers, n / per_piece + 1));
  std::vector<piece_buffer> buffers(workers);
  for (piece_buffer& buffer : buffers) make_piece_buffer(buffer, piece_bytes);
  std::vector<std::string_view> texts(workers);
  std::vector<status> failures(workers);
  std::vector<text_slice> pieces(workers);
  write_result result;
  if (n == 0) {  // no items, but perhaps text (a table's header)
    const std::string_view text = format_piece(src, 0, 0, buffers[0], failures[0]);
    if (failures[0] != status::ok) return {failures[0]};
    if (!text.empty() && !sink(text)) return {status::stopped};
    return {status::ok, text.size()};
  }
  for (std::size_t from = 0; from < n;) {
    std::size_t active = 0;
    for (; active < workers && from < n; ++active) {
      pieces[active] = {from, std::min(per_piece, n - from), 0};
      from += pieces[active].count;
    }
    auto fill = [&](std::size_t w) {
      texts[w] = format_piece(src, pieces[w].from, pieces[w].count, buffers[w], failures[w]);
      pieces[w].length = texts[w].size();
    };
    if (active > 1) run_tasks(active, fill);
    else fill(0);
    for (std::size_t w = 0; w < active; ++w) {
      if (failures[w] != status::ok) return {failures[w], result.bytes};
      if (!sink(texts[w])) return {status::stopped, result.bytes};
      result.bytes += texts[w].size();
    }
    per_piece = items_per_piece(pieces[active - 1], piece_bytes);
  }
  if (length != npos && result.bytes != length) result.code = status::values_changed;
  return result;
}

} // namespace

write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t length,
                            unsigned threads, std::span<char> out, memory to) noexcept {
  if (out.size() < length) return {status::invalid_argument};
  const bool ok = write_slices(src, slices, out.data(), destination_of(to), parallel_write(threads, length, slices.size()));
  return ok ? write_result{status::ok, length} : write_result{status::values_changed};
}

write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t length, int fd,
                            std::uint64_t offset, std::size_t buffer_bytes) noexcept {
  if (offset > std::uint64_t(std::numeric_limits<off_t>::max()) - length) return {status::too_long};
  return write_slices_to_file(src, slices, fd, offset, std::max<std::size_t>(buffer_bytes, 1), slices.size() > 1);
}

write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t n, std::size_t length,
                            const std::function<bool(std::string_view)>& sink, std::size_t piece_bytes) {
  return write_in_pieces(src, n, length, slices.size(), std::max<std::size_t>(piece_bytes, 1), sink);
}

} // namespace simdigits::detail
