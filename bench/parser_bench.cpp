// Parser and validation throughput (issue 11), with Google Benchmark: scripts
// of about 1 KB, 1 MB and 10 MB in each dialect, made of cheap steps with a
// block and quoted words, parsed (parse_script) and parsed then validated
// (what --check does). Reported as bytes per second; the target is 50 MB/s,
// and a time per byte that stays within 20% from 1 KB to 10 MB (linear).
//
//   build/bench/parser_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <string>

#include "grammar/dialects.hpp"
#include "interp/substitution.hpp"
#include "interp/validator.hpp"

using namespace chainscript;

namespace {

// One cycle of steps in the dialect; the script repeats it to size, then ends.
const char* cycle(Dialect d) {
  switch (d) {
    case Dialect::chainscript:
      return "export A 1\nunexport B\ncd /\numask 022\nfdmove -c 2 1\ndefine X value\n"
             "importas -D none Y HOME\nforeground { printf \"%s\\n\" 'quoted' $X }\n";
    case Dialect::execline:
      return "export A 1\nunexport B\ncd /\numask 022\nfdmove -c 2 1\ndefine X value\n"
             "importas -D none Y HOME\nforeground { printf \"%s\\n\" \"quoted ${X}\" }\n";
    case Dialect::nosh:
      return "setenv A 1\nunsetenv B\nchdir /\numask 022\nfdmove -c 2 1\nsetenv X value\n"
             "foreground printf \"%s\\n\" \"quoted\" ;\n";
  }
  return "";
}

std::string script_of(Dialect d, size_t bytes) {
  std::string s;
  s.reserve(bytes + 256);
  while (s.size() < bytes) s += cycle(d);
  s += "true\n";
  return s;
}

Rules rules_of(Dialect d) {
  Rules r;
  r.dialect = d;
  r.positional = Positional::none;
  return r;
}

void parse_only(benchmark::State& state, Dialect d) {
  const std::string text = script_of(d, static_cast<size_t>(state.range(0)));
  parse_script(text, "bench", d);  // warm-up (see main)
  for (auto _ : state) {
    ast::Script s = parse_script(text, "bench", d);
    benchmark::DoNotOptimize(s.body.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void parse_and_validate(benchmark::State& state, Dialect d) {
  const std::string text = script_of(d, static_cast<size_t>(state.range(0)));
  const Rules rules = rules_of(d);
  {  // warm-up (see main)
    const ast::Script s = parse_script(text, "bench", d);
    validate(s.body, rules, SubstitutionList{});
  }
  for (auto _ : state) {
    ast::Script s = parse_script(text, "bench", d);
    Validation v = validate(s.body, rules, SubstitutionList{});
    if (!v.errors.empty()) state.SkipWithError("the generated script does not validate");
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

#define SIZES ->Arg(1 << 10)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond)
BENCHMARK_CAPTURE(parse_only, chainscript, Dialect::chainscript) SIZES;
BENCHMARK_CAPTURE(parse_only, execline, Dialect::execline) SIZES;
BENCHMARK_CAPTURE(parse_only, nosh, Dialect::nosh) SIZES;
BENCHMARK_CAPTURE(parse_and_validate, chainscript, Dialect::chainscript) SIZES;
BENCHMARK_CAPTURE(parse_and_validate, execline, Dialect::execline) SIZES;
BENCHMARK_CAPTURE(parse_and_validate, nosh, Dialect::nosh) SIZES;

}  // namespace

// Each iteration frees what the last one made. glibc would give a block
// above its mmap threshold (the top level of a 10 MB script's tree: some
// 70 MB) back to the kernel, and the next iteration would fault it in again,
// page by page, where the smaller sizes reuse their heap: a cost of the
// loop, not of the parser (a fresh --check faults in its memory at every
// size, in proportion to it; parser_throughput.sh measures that). With every
// block on the heap and the heap kept, each size is measured warm, after one
// untimed run: the first, faulting in a 10 MB script's 250 MB of heap, took
// twice as long as the others when the process before had just freed as
// much (the tree's large buffers ask for huge pages), and at 10 MB the
// timed loop is only four iterations long.
int main(int argc, char** argv) {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
