// The environment the chain carries (interp/env.hpp): views of the process's
// own strings until the chain changes a variable, kept sorted by name.
#include "interp/env.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

namespace {

using chainscript::Env;
using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;

// Env::from_process() of the given strings as the process's environment.
Env env_of(std::vector<std::string>& strings) {
  std::vector<char*> array;
  for (auto& s : strings) array.push_back(s.data());
  array.push_back(nullptr);
  char** const saved = environ;
  environ = array.data();
  Env e = Env::from_process();
  environ = saved;
  return e;
}

TEST(Env, TheProcesssVariablesSortedTheFirstOfANameKept) {
  std::vector<std::string> strings{"PATH=/bin", "A=1", "no equals sign", "A=2", "EMPTY=", "=nameless"};
  const Env e = env_of(strings);
  EXPECT_EQ(e.vars(), (Pairs{{"", "nameless"}, {"A", "1"}, {"EMPTY", ""}, {"PATH", "/bin"}}));
  EXPECT_EQ(e.envp(), (std::vector<std::string>{"=nameless", "A=1", "EMPTY=", "PATH=/bin"}));
  EXPECT_EQ(e.get("A"), "1");
  EXPECT_EQ(e.get("EMPTY"), "");
  EXPECT_EQ(e.get("no equals sign"), std::nullopt);
  EXPECT_EQ(e.get("PAT"), std::nullopt);
}

TEST(Env, SetUnsetAndClearKeepTheOrder) {
  std::vector<std::string> strings{"M=inherited", "B=2"};
  Env e = env_of(strings);
  e.set("M", "changed");
  e.set("Z", "last");
  e.set("A", "first");
  e.unset("B");
  e.unset("not there");
  EXPECT_EQ(e.envp(), (std::vector<std::string>{"A=first", "M=changed", "Z=last"}));
  e.clear();
  EXPECT_TRUE(e.envp().empty());
}

TEST(Env, AValueSetFromAnotherVariableAndCopiesOutliveTheOriginal) {
  std::vector<std::string> strings{"A=one"};
  Env e = env_of(strings);
  e.set("B", "two");
  // Each set may move every variable: the value is read before it does.
  for (int i = 0; i < 40; ++i) e.set("C" + std::to_string(i), *e.get("B"));
  EXPECT_EQ(e.get("C39"), "two");
  std::optional<Env> original(e);
  const Env copy = *original;
  original->set("B", "changed");
  original.reset();
  EXPECT_EQ(copy.get("B"), "two");
  EXPECT_EQ(copy.get("A"), "one");
  EXPECT_EQ(copy.envp().size(), 42u);
}

}  // namespace
