// libFuzzer: validation and --port of whatever parses, in each dialect.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chainscript::fuzz::validate(data, size);
  return 0;
}
