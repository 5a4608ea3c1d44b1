# The Debian package (cpack -G DEB), made from what `cmake --install` puts in
# place. This file is read three times:
# - by the configure step (include() from the root CMakeLists.txt), which sets
#   the CPACK_ variables (the last part of this file);
# - by cpack as its pre-build script (CPACK_PRE_BUILD_SCRIPTS), which adds
#   what Debian policy wants in a package but a plain `cmake --install` into
#   /usr/local should not get: gzipped man pages, the copyright file and the
#   changelog. Keeping them out of the install rules leaves `cmake --install`
#   and its tests as they are;
# - by cpack as its post-build script (CPACK_POST_BUILD_SCRIPTS), which
#   corrects the package's Installed-Size.

if(DEFINED CPACK_PACKAGE_FILES)
  # --- run by cpack, once the .deb is made (still in its staging directory) ---
  # CPack sums the sizes of the package's files following symlinks, so each
  # multi-call link counted as a whole copy of the binary (a 2 MB package
  # claimed some 250 MB). Repacked with dpkg-deb, with Installed-Size counted
  # as dpkg-gencontrol does: regular files in 1 KiB units rounded up, 1 for
  # any other entry.
  find_program(dpkg_deb dpkg-deb)
  if(NOT dpkg_deb)
    message(WARNING "chainscript packaging: no dpkg-deb, Installed-Size left as CPack counted it")
    return()
  endif()
  foreach(deb IN LISTS CPACK_PACKAGE_FILES)
    set(tree "${deb}.tree")
    file(REMOVE_RECURSE "${tree}")
    execute_process(COMMAND "${dpkg_deb}" --raw-extract "${deb}" "${tree}" COMMAND_ERROR_IS_FATAL ANY)
    file(GLOB_RECURSE entries LIST_DIRECTORIES true RELATIVE "${tree}" "${tree}/*")
    set(kib 0)
    foreach(entry IN LISTS entries)
      if(entry MATCHES "^DEBIAN(/|$)")
        continue()
      elseif(IS_SYMLINK "${tree}/${entry}" OR IS_DIRECTORY "${tree}/${entry}")
        math(EXPR kib "${kib} + 1")
      else()
        file(SIZE "${tree}/${entry}" bytes)
        math(EXPR kib "${kib} + (${bytes} + 1023) / 1024")
      endif()
    endforeach()
    file(READ "${tree}/DEBIAN/control" control)
    string(REGEX REPLACE "Installed-Size: [0-9]+" "Installed-Size: ${kib}" control "${control}")
    file(WRITE "${tree}/DEBIAN/control" "${control}")
    execute_process(COMMAND "${dpkg_deb}" --root-owner-group --build "${tree}" "${deb}"
      OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
    file(REMOVE_RECURSE "${tree}")
  endforeach()
  return()
endif()

if(DEFINED CPACK_TEMPORARY_DIRECTORY)
  # --- run by cpack, after installing into the staging directory ---
  set(usr "${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
  if(NOT IS_DIRECTORY "${usr}")
    message(FATAL_ERROR "chainscript packaging: no staging tree at ${usr}")
  endif()

  # Man pages compressed at maximum, without name or time stamp (policy 12.1;
  # -n keeps the package reproducible).
  file(GLOB pages "${usr}/${CPACK_CHAINSCRIPT_MANDIR}/man*/*.[1-9]")
  if(pages)
    execute_process(COMMAND gzip -9nf ${pages} COMMAND_ERROR_IS_FATAL ANY)
  endif()

  set(doc "${usr}/${CPACK_CHAINSCRIPT_DOCDIR}")
  file(MAKE_DIRECTORY "${doc}")
  # No LICENSE file in the source tree: the license has not been chosen, and
  # this says so rather than guessing one (see packaging/lintian-notes.md).
  file(WRITE "${doc}/copyright"
"chainscript

Copyright (C) 2026 ${CPACK_PACKAGE_CONTACT}

License: not yet chosen.

The source tree of chainscript ${CPACK_PACKAGE_VERSION} holds no license
file: its authors have not yet chosen a license. This notice will be
replaced by the license once one is chosen.
")
  # The version has no Debian revision, so this is a native package and its
  # changelog is changelog.gz (a changelog.Debian.gz would be the wrong name).
  # string(TIMESTAMP) honours SOURCE_DATE_EPOCH.
  string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
  file(WRITE "${CPACK_TEMPORARY_DIRECTORY}/changelog"
"chainscript (${CPACK_PACKAGE_VERSION}) unstable; urgency=medium

  * Built from the chainscript source tree with CPack.

 -- ${CPACK_PACKAGE_CONTACT}  ${date}
")
  execute_process(COMMAND gzip -9n
    INPUT_FILE "${CPACK_TEMPORARY_DIRECTORY}/changelog"
    OUTPUT_FILE "${doc}/changelog.gz"
    COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE "${CPACK_TEMPORARY_DIRECTORY}/changelog")
  file(CHMOD "${doc}/copyright" "${doc}/changelog.gz"
    PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

  # Directories made by install(CODE) and above follow the umask of whoever
  # runs cpack; a package's are 0755 whatever it was.
  file(GLOB_RECURSE dirs LIST_DIRECTORIES true "${CPACK_TEMPORARY_DIRECTORY}/*")
  foreach(path IN LISTS dirs)
    if(IS_DIRECTORY "${path}" AND NOT IS_SYMLINK "${path}")
      file(CHMOD "${path}" PERMISSIONS
        OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    endif()
  endforeach()
  return()
endif()

# --- configure step ---
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chainscript)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# The one address the project's history gives.
set(CPACK_PACKAGE_CONTACT "chainscript maintainers <maintainers@users.noreply.h-seed-cc16f5bb.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "interpreter for chain-loading scripts such as service run files")
# The extended description, from README.md; CPack indents it and turns the
# empty line into the " ." paragraph separator.
set(CPACK_PACKAGE_DESCRIPTION
"chainscript runs chain-loading scripts such as service run files. A script
is one chain, as in execline and nosh: each builtin takes its arguments and
blocks, changes the process state (file descriptors, environment, directory,
credentials, listening sockets) and passes on to the rest; the first word
that is not a builtin is executed with the rest of the script as its argv.
The builtins run in-process: a ten-step run file costs two execs, not eleven.

It reads its own dialect as well as execline's and nosh's, checks the whole
script before anything runs, and can print a plan of a run (--dry-run) or
trace one. Every builtin can also be run under its own name, through the
links in /usr/libexec/chainscript/bin.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The project publishes no home page yet: no Homepage field rather than an
# invented one. Set CPACK_PACKAGE_HOMEPAGE_URL when there is one.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Named as Debian names them: chainscript_VERSION_ARCH.deb.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The architecture of the machine that builds, as dpkg names it (CPack would
# ask dpkg the same at packaging time; asked here so the cache shows it).
find_program(CHAINSCRIPT_DPKG dpkg)
mark_as_advanced(CHAINSCRIPT_DPKG)
if(CHAINSCRIPT_DPKG)
  execute_process(COMMAND "${CHAINSCRIPT_DPKG}" --print-architecture
    OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
# Depends from what the binary really links (dpkg-shlibdeps, package
# dpkg-dev): none for the static PIE (CHAINSCRIPT_STATIC); libc6 alone when
# linked dynamically, libstdc++ and libgcc being linked in.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Stripped as installed (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
# Directories install() makes implicitly, 0755 whatever the umask.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# For the pre-build part of this file, which runs without GNUInstallDirs.
set(CPACK_CHAINSCRIPT_MANDIR "${CMAKE_INSTALL_MANDIR}")
set(CPACK_CHAINSCRIPT_DOCDIR "${CMAKE_INSTALL_DATAROOTDIR}/doc/chainscript")
set(CPACK_PRE_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_FILE}")
set(CPACK_POST_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_FILE}")
include(CPack)
