// What the privilege builtins share (setuidgid, envuidgid,
// setuidgid-fromenv, s6-envuidgid, s6-setuidgid, s6-applyuidgid): a user's
// ids looked up, gid lists read and written, and dropping privileges:
// setgroups, setgid, setuid, in that order, each checked, and, from root,
// the proof that root cannot be regained.
#pragma once
#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

struct UserEntry;

struct Credentials {
  std::optional<std::vector<gid_t>> groups;
  std::optional<gid_t> gid;
  std::optional<uid_t> uid;
};

// The user's uid and gid (or primary_group's), and its groups: only that
// gid, or with supplementary that gid first and every group that lists the
// user (getgrouplist(3)). An unknown user or group fails (111, nosh's too).
Credentials credentials_of(Context& ctx, const std::string& user, bool supplementary,
                           const std::optional<std::string>& primary_group = {});

void drop_privileges(Context& ctx, const Credentials& c, const std::string& who);

// setuidgid's and envuidgid's invocation: [--supplementary] [--primary-group
// group] user, then act on the user's credentials, looked up before the
// first effect.
Invocation with_user_credentials(Cursor& c, const Builtin& b,
                                 std::function<void(Context&, const Credentials&, const std::string& user, bool supplementary)> act);

// A failure of an account tool: 111 in every dialect (Failure::daemontools_111).
[[noreturn]] void fail_account(const Context& ctx, const std::string& message);

// "1,2,3" (empty: no group); nullopt when it is not such a list.
std::optional<std::vector<gid_t>> gid_list(std::string_view text);
std::string gid_list_text(const std::vector<gid_t>& groups);

}  // namespace chainscript
