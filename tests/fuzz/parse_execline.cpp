// libFuzzer: the execline grammar on any bytes.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chainscript::fuzz::parse(chainscript::Dialect::execline, data, size);
  return 0;
}
