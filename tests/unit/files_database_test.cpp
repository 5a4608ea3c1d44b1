// The direct reader of nsswitch.conf, /etc/passwd and /etc/group
// (lib/files_database.hpp): what it answers itself and what it leaves to NSS.
#include "lib/files_database.hpp"
#include "lib/lists.hpp"

#include <gtest/gtest.h>

namespace fdb = chainscript::files_database;
using Words = std::vector<std::string>;

TEST(FilesDatabase, SourcesAreTheWordsOfTheDatabasesLine) {
  const std::string conf =
      "# passwd: compat\n"
      "passwd:   files systemd  # trailing comment\n"
      "group:files [NOTFOUND=return] ldap\n"
      "shadow: files [ SUCCESS = continue ] db\n";
  EXPECT_EQ(fdb::sources(conf, "passwd"), Words({"files", "systemd"}));
  EXPECT_EQ(fdb::sources(conf, "group"), Words({"files", "[NOTFOUND=return]", "ldap"}));
  EXPECT_EQ(fdb::sources(conf, "shadow"), Words({"files", "[ SUCCESS = continue ]", "db"}));
  EXPECT_EQ(fdb::sources(conf, "hosts"), std::nullopt);
  EXPECT_EQ(fdb::sources("", "passwd"), std::nullopt);
}

TEST(FilesDatabase, TheFilesAnswerOnlyWhenFirstAndWithoutAnAction) {
  EXPECT_TRUE(fdb::files_answer_first({"files"}));
  EXPECT_TRUE(fdb::files_answer_first({"files", "systemd"}));
  EXPECT_FALSE(fdb::files_answer_first({"files", "[SUCCESS=continue]", "ldap"}));
  EXPECT_FALSE(fdb::files_answer_first({"compat"}));
  EXPECT_FALSE(fdb::files_answer_first({"systemd", "files"}));
  EXPECT_FALSE(fdb::files_answer_first({}));
  EXPECT_TRUE(fdb::files_only({"files"}));
  EXPECT_FALSE(fdb::files_only({"files", "systemd"}));
}

TEST(FilesDatabase, APasswdLineIsSevenFieldsWithPlainNumbers) {
  const auto p = fdb::parse_passwd_line("alice:x:1000:100:Alice,,,:/home/alice:/bin/sh");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "alice");
  EXPECT_EQ(p->uid, 1000u);
  EXPECT_EQ(p->gid, 100u);
  EXPECT_EQ(p->home, "/home/alice");
  for (const char* bad : {"alice:x:1000:100:/home/alice:/bin/sh", "alice:x:+1000:100::/:/bin/sh",
                          "alice:x: 1000:100::/:/bin/sh", "alice:x::100::/:/bin/sh", ":x:1:1::/:/bin/sh",
                          "alice:x:4294967295:1::/:/bin/sh", "alice:x:1:1::/:/bin/sh:extra"})
    EXPECT_FALSE(fdb::parse_passwd_line(bad)) << bad;
}

TEST(FilesDatabase, AGroupLineHasItsMembers) {
  const auto g = fdb::parse_group_line("audio:x:29:pulse,alice");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->gid, 29u);
  EXPECT_EQ(g->members, Words({"pulse", "alice"}));
  EXPECT_EQ(fdb::parse_group_line("empty:x:5:")->members, Words{});
  EXPECT_FALSE(fdb::parse_group_line("audio:x:29"));
}

TEST(FilesDatabase, AScanFindsTheFirstEntryOrSaysWhyNot) {
  const std::string text = "# alice:x:1:1::/:/bin/sh\n\nalice:x:5:6::/a:/bin/sh\nalice:x:7:8::/b:/bin/sh\nbob:x:-1:1::/:/bin/sh";
  fdb::Passwd p;
  EXPECT_EQ(fdb::find_passwd(text, "alice", p), fdb::Scan::found);
  EXPECT_EQ(p.uid, 5u);
  EXPECT_EQ(fdb::find_passwd(text, "carol", p), fdb::Scan::absent);
  EXPECT_EQ(fdb::find_passwd(text, "bob", p), fdb::Scan::unsure);
  EXPECT_EQ(fdb::find_passwd(text, "", p), fdb::Scan::unsure);
  EXPECT_EQ(fdb::find_passwd(text, "a:b", p), fdb::Scan::unsure);
  EXPECT_EQ(fdb::all_groups("a:x:1:b\n# c\nbad line\n"), std::nullopt);
  ASSERT_TRUE(fdb::all_groups("a:x:1:b\n# c\n\nd:x:2:\n"));
  EXPECT_EQ(fdb::all_groups("a:x:1:b\n# c\n\nd:x:2:\n")->size(), 2u);
}

// The files read at every start are walked a line at a time (lib/lists.hpp's
// Fields, which split_list collects): every field, empty ones included.
TEST(FilesDatabase, FieldsWalksEveryLineEmptyOnesIncluded) {
  using Views = std::vector<std::string_view>;
  const std::vector<std::pair<std::string_view, Views>> cases{
      {"", {""}},
      {"a", {"a"}},
      {"a\n", {"a", ""}},
      {"\n", {"", ""}},
      {"a\n\nb", {"a", "", "b"}},
      {"\nroot:x:0:0::/root:/bin/sh\nbin", {"", "root:x:0:0::/root:/bin/sh", "bin"}},
  };
  for (const auto& [text, lines] : cases) {
    Views walked;
    for (const std::string_view line : chainscript::Fields(text, '\n')) walked.push_back(line);
    EXPECT_EQ(walked, lines) << "text: \"" << text << "\"";
    EXPECT_EQ(chainscript::split_list(text, '\n'), lines) << "text: \"" << text << "\"";
  }
  fdb::Passwd p;
  EXPECT_EQ(fdb::find_passwd("root:x:0:0::/root:/bin/sh\nbin:x:2:2::/bin:/bin/false", "bin", p), fdb::Scan::found);
  EXPECT_EQ(p.uid, 2u);
}
