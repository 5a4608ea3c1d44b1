#include "huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace chainscript {

void advise_huge_pages(void* p, size_t n) {
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  if (n < 2 * huge) return;
  const auto start = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(huge - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);  // a hint: its failure changes nothing
}

}  // namespace chainscript
