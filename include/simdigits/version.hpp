// The simdigits release; meson.build's project version and the Python __version__ must agree
// (tests/python/test_api.py checks).
#pragma once

#define SIMDIGITS_VERSION "0.1.0"
