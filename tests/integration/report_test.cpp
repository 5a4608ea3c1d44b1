// Dry run (-n) and trace (-x), as text and as JSON (--format=json).
#include <filesystem>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "harness/harness.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using json = nlohmann::json;

class Report : public ChainscriptTest {
 protected:
  // Creates a file, forks, sets a variable, ends with echo.
  std::string plan_script() {
    return script("redirfd -w 1 " + q(dir / "new") + "\n" +
                  "export A b\n" +
                  "foreground { touch " + q(dir / "touched") + " }\n" +
                  "background { touch " + q(dir / "background") + " }\n" +
                  "echo hello world\n");
  }
  std::vector<json> parse_json_lines(const std::string& text) {
    std::vector<json> out;
    for (const auto& l : lines(text)) {
      try {
        out.push_back(json::parse(l));
      } catch (const json::exception& e) {
        ADD_FAILURE() << "not JSON: " << l << " (" << e.what() << ")";
      }
    }
    return out;
  }
};

TEST_F(Report, DryRunPrintsEveryStepAndCreatesNothing) {
  const auto file = plan_script();
  const Result r = chainscript({"-n", file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr(file + ":1:1: redirfd: open path=" + dir / "new"));
  EXPECT_THAT(r.out, HasSubstr(file + ":2:1: export: setenv A=b"));
  EXPECT_THAT(r.out, HasSubstr(file + ":3:1: foreground: fork"));
  EXPECT_THAT(r.out, HasSubstr(file + ":3:14: exec: exec program=touch touch " + dir / "touched"));
  const auto ls = lines(r.out);
  ASSERT_FALSE(ls.empty());
  EXPECT_THAT(r.out, HasSubstr(file + ":4:1: background: fork"));
  EXPECT_EQ(ls.back(), file + ":5:1: exec: exec program=echo echo hello world");
  for (const auto& l : ls) EXPECT_THAT(l, ContainsRegex("^ *" + file + ":[0-9]+:[0-9]+: [a-z]+: ")) << l;
  EXPECT_FALSE(exists(dir / "new")) << "the dry run opened the file";
  EXPECT_FALSE(exists(dir / "touched")) << "the dry run ran the block";
  EXPECT_FALSE(exists(dir / "background")) << "the dry run ran the background block";
}

TEST_F(Report, DryRunShowsSubstitutedArgv) {
  const std::string text = "define X value importas -D dflt Y UNSET_HERE echo $X $Y $1";
  Launch run;
  run.args = {"-n", "-c", text, "arg"};
  run.unset_env = {"UNSET_HERE"};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(lines(r.out).back(),
            "-c:1:" + std::to_string(text.find("echo") + 1) + ": exec: exec program=echo echo value dflt arg");
}

TEST_F(Report, DryRunJsonEveryLineIsAStep) {
  const auto file = plan_script();
  const Result r = chainscript({"-n", "--format=json", file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto steps = parse_json_lines(r.out);
  ASSERT_GE(steps.size(), 4u) << r.out;
  for (const auto& s : steps) {
    EXPECT_TRUE(s.contains("file") && s["file"].is_string()) << s;
    EXPECT_TRUE(s.contains("line") && s["line"].is_number_unsigned()) << s;
    EXPECT_TRUE(s.contains("column") && s["column"].is_number_unsigned()) << s;
    EXPECT_TRUE(s.contains("builtin") && s["builtin"].is_string()) << s;
    EXPECT_TRUE(s.contains("op") && s["op"].is_string()) << s;
    EXPECT_TRUE(s.contains("args") && s["args"].is_object()) << s;
    for (const auto& [k, v] : s["args"].items()) EXPECT_TRUE(v.is_string()) << s;
    EXPECT_TRUE(s.contains("depth") && s["depth"].is_number_unsigned()) << s;
    EXPECT_EQ(s["file"], file);
  }
  const json& first = steps.front();
  EXPECT_EQ(first["builtin"], "redirfd");
  EXPECT_EQ(first["op"], "open");
  EXPECT_EQ(first["line"], 1);
  EXPECT_EQ(first["column"], 1);
  EXPECT_EQ(first["args"]["path"], dir / "new");
  EXPECT_EQ(first["depth"], 0);

  // The blocks' programs, one level deeper.
  std::vector<json> child_execs;
  for (const auto& s : steps)
    if (s["op"] == "exec" && s["depth"] == 1) child_execs.push_back(s);
  ASSERT_EQ(child_execs.size(), 2u) << r.out;
  EXPECT_EQ(child_execs[0]["line"], 3);
  EXPECT_EQ(child_execs[0]["argv"], json({"touch", dir / "touched"}));
  EXPECT_EQ(child_execs[1]["line"], 4);
  EXPECT_EQ(child_execs[1]["argv"], json({"touch", dir / "background"}));

  const json& last = steps.back();
  EXPECT_EQ(last["op"], "exec");
  EXPECT_EQ(last["builtin"], "exec");
  EXPECT_EQ(last["line"], 5);
  EXPECT_EQ(last["column"], 1);
  EXPECT_EQ(last["depth"], 0);
  ASSERT_TRUE(last.contains("argv") && last["argv"].is_array()) << last;
  EXPECT_EQ(last["argv"], json({"echo", "hello", "world"}));
  EXPECT_FALSE(exists(dir / "new"));
  EXPECT_FALSE(exists(dir / "touched"));
}

TEST_F(Report, DryRunJsonQuotesAwkwardValues) {
  const Result r = chainscript({"-n", "--format=json", "-c", "export Q \"a \\\"quoted\\\"\\n\\x01 value\" echo $0"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto steps = parse_json_lines(r.out);
  ASSERT_EQ(steps.size(), 2u) << r.out;
  EXPECT_EQ(steps[0]["args"]["Q"], "a \"quoted\"\n\x01 value");
}

TEST_F(Report, TraceRunsForRealAndReportsOnStderr) {
  const auto file = script("export A b\n"
                           "redirfd -w 3 " + q(dir / "traced") + "\n"
                           "foreground { echo one }\n"
                           "echo two\n");
  const Result plain = chainscript({file});
  ASSERT_TRUE(plain.exited && plain.code == 0) << plain;
  fs::remove(dir / "traced");

  const Result r = chainscript({"-x", file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "one\ntwo\n");
  EXPECT_EQ(r.out, plain.out) << "tracing changed the program's output";
  EXPECT_TRUE(exists(dir / "traced")) << "the traced run did not open the file";
  EXPECT_THAT(r.err, HasSubstr(file + ":1:1: export: setenv A=b"));
  EXPECT_THAT(r.err, HasSubstr(file + ":2:1: redirfd: open path=" + dir / "traced"));
  EXPECT_THAT(r.err, ContainsRegex(file + ":3:1: foreground: wait pid=[0-9]+ -> pid [0-9]+ exit 0"));
  EXPECT_THAT(r.err, HasSubstr(file + ":4:1: exec: exec program=echo echo two"));
}

TEST_F(Report, TraceReportsChildStatuses) {
  const auto file = script("foreground { sh -c 'exit 3' }\necho done\n");
  const Result r = chainscript({"-x", file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "done\n");
  EXPECT_THAT(r.err, ContainsRegex(file + ":1:1: foreground: wait pid=[0-9]+ -> pid [0-9]+ exit 3"));
  EXPECT_THAT(r.err, HasSubstr(file + ":1:1: foreground: setenv ?=3"));
}

TEST_F(Report, TraceJsonOnStderr) {
  const auto file = script("export A b\nforeground { true }\necho two\n");
  const Result r = chainscript({"-x", "--format=json", file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "two\n");
  const auto steps = parse_json_lines(r.err);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front()["op"], "setenv");
  EXPECT_EQ(steps.front()["line"], 1);
  const json& last = steps.back();
  EXPECT_EQ(last["op"], "exec");
  EXPECT_EQ(last["argv"], json({"echo", "two"}));
}

TEST_F(Report, TraceOfAFailingStepStillFails) {
  const Result r = chainscript({"-x", "-c", "fdmove 1 7 echo no"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("-c:1:1: fdmove: place from=7 to=1 -> error: Bad file descriptor"));
}

}  // namespace
}  // namespace it
