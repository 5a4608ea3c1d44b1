// The "files" source of the passwd and group databases, read directly.
//
// glibc answers getpwnam() by probing nscd twice, stat-ing and re-reading
// nsswitch.conf, then scanning /etc/passwd; with "files" first on the
// database's line, the entry found there is the answer whatever follows
// ("files systemd" loads the module only on a miss). Reading the files
// ourselves gives that answer in four system calls. Anything this reader is
// unsure of (no nsswitch.conf, an action after "files", a line it cannot
// parse exactly) answers "ask NSS", never a guess.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscript::files_database {

// The sources nsswitch.conf lists for DATABASE, actions included as words
// ("[NOTFOUND=return]"); nullopt when the file or the line is missing.
std::optional<std::vector<std::string>> sources(std::string_view nsswitch_text, std::string_view database);

// Whether a name found in the files is the whole answer (files first, no
// action after it), and whether the files are the only source.
bool files_answer_first(const std::vector<std::string>& sources);
bool files_only(const std::vector<std::string>& sources);

struct Passwd {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::string home;
};
struct Group {
  std::string name;
  gid_t gid;
  std::vector<std::string> members;
};

// One line of /etc/passwd or /etc/group; nullopt when it is not exactly a
// well-formed entry (NSS is then asked instead).
std::optional<Passwd> parse_passwd_line(std::string_view line);
std::optional<Group> parse_group_line(std::string_view line);

// The answer of a scan for NAME: found, not in the file, or "ask NSS" (a line
// carrying NAME that does not parse).
enum class Scan { found, absent, unsure };
Scan find_passwd(std::string_view file_text, std::string_view name, Passwd& out);
Scan find_group(std::string_view file_text, std::string_view name, Group& out);

// Every well-formed entry of /etc/group, in file order; nullopt if a line
// does not parse.
std::optional<std::vector<Group>> all_groups(std::string_view file_text);

// A whole small file (nsswitch.conf, passwd, group): open, read, close.
std::optional<std::string> read_small_file(const char* path);

}  // namespace chainscript::files_database
