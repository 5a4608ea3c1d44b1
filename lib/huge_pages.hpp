// Transparent huge pages for the few large buffers of a long script's tree.
#pragma once
#include <cstddef>

namespace chainscript {

// Asks the kernel to back the whole 2 MiB pages inside [p, p + n) with huge
// pages (a hint: THP in "madvise" mode, Debian's default, honours it; else
// nothing happens). A 10 MB script's tree is about 60 MB written once and
// read once: faulting it in and missing the TLB 4 KB at a time was a sixth
// of parsing it. A range smaller than two huge pages is left alone, so a run
// file's few kilobytes never cost a huge page.
void advise_huge_pages(void* p, size_t n);

}  // namespace chainscript
