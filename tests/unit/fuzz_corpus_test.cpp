// Every input kept in tests/fuzz/corpus (the seeds, and each input that
// ever crashed a fuzzer, kept as it was found) replayed as the fuzzers run
// it: in the normal and the sanitizer builds, without clang.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/targets.hpp"

namespace chainscript {
namespace {

namespace fs = std::filesystem;

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(FuzzCorpus, EveryKeptInputRunsCleanly) {
  size_t replayed = 0, crashes = 0;
  for (const auto& dir : fs::directory_iterator(FUZZ_CORPUS_DIR)) {
    const std::string target = dir.path().filename();
    for (const auto& file : fs::directory_iterator(dir.path())) {
      const std::string data = bytes_of(file.path());
      const auto* p = reinterpret_cast<const uint8_t*>(data.data());
      SCOPED_TRACE(file.path().string());
      if (target == "parse_native") fuzz::parse(Dialect::chainscript, p, data.size());
      else if (target == "parse_execline") fuzz::parse(Dialect::execline, p, data.size());
      else if (target == "parse_nosh") fuzz::parse(Dialect::nosh, p, data.size());
      else if (target == "validate") fuzz::validate(p, data.size());
      else ADD_FAILURE() << "no fuzz target " << target;
      ++replayed;
      crashes += file.path().filename().string().starts_with("crash-");
    }
  }
  EXPECT_GT(replayed, 40u);
  RecordProperty("crash_inputs", static_cast<int>(crashes));
}

}  // namespace
}  // namespace chainscript
