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

// The user's uid and gid, and its groups: only its own group, or with
// supplementary all that list it too. An unknown user fails (111).
Credentials credentials_of(Context& ctx, const std::string& user, bool supplementary);

void drop_privileges(Context& ctx, const Credentials& c, const std::string& who);

// setuidgid's and envuidgid's invocation: [--supplementary] user, then act
// on the user's credentials, looked up before the first effect.
Invocation with_user_credentials(Cursor& c, const Builtin& b,
                                 std::function<void(Context&, const Credentials&, const std::string& user, bool supplementary)> act);

// "1,2,3" (empty: no group); nullopt when it is not such a list.
std::optional<std::vector<gid_t>> gid_list(std::string_view text);
std::string gid_list_text(const std::vector<gid_t>& groups);

}  // namespace chainscript
