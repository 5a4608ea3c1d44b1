// advise_huge_pages against the real kernel: the mapping's VmFlags in
// /proc/self/smaps say "hg" (MADV_HUGEPAGE) over the whole 2 MiB pages of
// a large range, and nothing is advised for a range too small.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "lib/huge_pages.hpp"

namespace chainscript {
namespace {

constexpr size_t huge = size_t{2} << 20;

// The VmFlags of the mapping that holds address a ("" if none is found).
std::string vm_flags_at(const void* a) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(a);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= at && at < to;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

bool advised(const void* a) { return vm_flags_at(a).find(" hg") != std::string::npos; }

// A mapping of its own, so that nothing else shares its flags.
struct Mapping {
  explicit Mapping(size_t n) : size(n) {
    p = static_cast<std::byte*>(mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  }
  ~Mapping() { munmap(p, size); }
  std::byte* p;
  size_t size;
};

TEST(HugePages, TheWholeHugePagesOfALargeRangeAreAdvised) {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  Mapping m(6 * huge);
  ASSERT_NE(m.p, MAP_FAILED);
  // From an address that is not aligned: the first whole huge page starts later.
  std::byte* const begin = m.p + 4096;
  advise_huge_pages(begin, 5 * huge);
  const auto first_whole = (reinterpret_cast<std::uintptr_t>(begin) + huge - 1) & ~(huge - 1);
  EXPECT_TRUE(advised(reinterpret_cast<void*>(first_whole)));
  EXPECT_TRUE(advised(reinterpret_cast<void*>(first_whole + 2 * huge)));
  EXPECT_FALSE(advised(begin)) << "the part before the first whole huge page is left";
}

TEST(HugePages, ARangeUnderTwoHugePagesIsLeftAlone) {
  Mapping m(4 * huge);
  ASSERT_NE(m.p, MAP_FAILED);
  advise_huge_pages(m.p, 2 * huge - 1);
  for (size_t at = 0; at < 4 * huge; at += huge) EXPECT_FALSE(advised(m.p + at)) << at;
}

}  // namespace
}  // namespace chainscript
