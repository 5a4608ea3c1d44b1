// execvp's search for a program, shared by the exec that does it and the
// dry run that says what it would find.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscript {

// file as it is when it has a '/', else in each directory of path in turn
// ("" is the current one). try_one(candidate) gives 0 when it worked, else an
// errno. The result: 0, or the errno execvp reports: the first unexpected
// failure, EACCES when a candidate was refused, else ENOENT.
int search_program(const std::string& file, std::string_view path,
                   const std::function<int(const std::string&)>& try_one);

// PATH in an envp; "/bin:/usr/bin" when there is none, as execvp has it.
std::string_view path_of(const std::vector<std::string>& envp);

}  // namespace chainscript
