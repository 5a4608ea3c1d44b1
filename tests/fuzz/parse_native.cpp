// libFuzzer: the native grammar on any bytes.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chainscript::fuzz::parse(chainscript::Dialect::chainscript, data, size);
  return 0;
}
