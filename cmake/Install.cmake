# What `cmake --install` and the packages (cpack -G DEB, TGZ) hold besides the four binaries, laid out as Debian lays
# out a command-line tool: man pages gzipped, bash and zsh completion generated from each tool's option table, the
# JSON schema under share/mediatoolkit, the documents, the batch recipes as examples, and the Debian files of the
# package (copyright, changelog, lintian overrides). MT_TOOLS: the binaries' target names.
find_program(MT_GZIP gzip REQUIRED)
set(_gen ${CMAKE_BINARY_DIR}/install-files)
file(MAKE_DIRECTORY ${_gen}/man ${CMAKE_BINARY_DIR}/completions/bash ${CMAKE_BINARY_DIR}/completions/zsh)

# Man pages, gzipped as Debian installs them (man reads them either way).
file(GLOB _man_pages ${CMAKE_SOURCE_DIR}/man/*.[0-9])
set(_man_outputs)
foreach(_page ${_man_pages})
  get_filename_component(_name ${_page} NAME)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" _section ${_name})
  set(_gz ${_gen}/man/${_name}.gz)
  add_custom_command(OUTPUT ${_gz}
    COMMAND ${CMAKE_COMMAND} -DIN=${_page} -DOUT=${_gz} -P ${CMAKE_SOURCE_DIR}/cmake/GzipFile.cmake
    DEPENDS ${_page} ${CMAKE_SOURCE_DIR}/cmake/GzipFile.cmake VERBATIM)
  list(APPEND _man_outputs ${_gz})
  install(FILES ${_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${_section})
endforeach()

# Shell completion, written by each built tool from its own option table (tools/cli/completion.hpp): nothing is
# listed by hand, so an option added to a tool is completed from its next build on.
set(_completion_outputs)
foreach(_tool ${MT_TOOLS})
  set(_bash ${CMAKE_BINARY_DIR}/completions/bash/${_tool})
  set(_zsh ${CMAKE_BINARY_DIR}/completions/zsh/_${_tool})
  add_custom_command(OUTPUT ${_bash} ${_zsh}
    COMMAND ${CMAKE_COMMAND} -DTOOL=$<TARGET_FILE:${_tool}> -DOUT_BASH=${_bash} -DOUT_ZSH=${_zsh}
            -P ${CMAKE_SOURCE_DIR}/cmake/GenerateCompletion.cmake
    DEPENDS ${_tool} ${CMAKE_SOURCE_DIR}/cmake/GenerateCompletion.cmake
    COMMENT "Generating bash and zsh completion for ${_tool}" VERBATIM)
  list(APPEND _completion_outputs ${_bash} ${_zsh})
  # Where bash-completion loads a command's completion from on first use, and Debian's zsh looks.
  install(FILES ${_bash} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  install(FILES ${_zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
endforeach()

# The Debian changelog of this native package (the version is the project's).
set(_changelog ${_gen}/changelog)
configure_file(${CMAKE_SOURCE_DIR}/packaging/changelog.in ${_changelog} @ONLY)
add_custom_command(OUTPUT ${_changelog}.gz
  COMMAND ${CMAKE_COMMAND} -DIN=${_changelog} -DOUT=${_changelog}.gz -P ${CMAKE_SOURCE_DIR}/cmake/GzipFile.cmake
  DEPENDS ${_changelog} VERBATIM)
add_custom_target(install_files ALL DEPENDS ${_man_outputs} ${_completion_outputs} ${_changelog}.gz)

install(FILES ${CMAKE_SOURCE_DIR}/schema/avprobe-json.typed.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/mediatoolkit)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/BENCHMARKS.md ${CMAKE_SOURCE_DIR}/RELIABILITY.md
              ${CMAKE_SOURCE_DIR}/packaging/copyright ${_changelog}.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(EXISTS ${CMAKE_SOURCE_DIR}/scripts/batch)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/batch/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/batch
          USE_SOURCE_PERMISSIONS)
endif()
install(FILES ${CMAKE_SOURCE_DIR}/packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME mediatoolkit)

# The packages: cpack -G DEB (and TGZ) in a build tree. Release builds make the shipped ones (scripts/package.sh).
set(CPACK_PACKAGE_NAME mediatoolkit)
set(CPACK_PACKAGE_VENDOR "mediatoolkit developers")
set(CPACK_PACKAGE_CONTACT "mediatoolkit maintainers <maintainers@mediatoolkit.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "pipe-first media tools on FFmpeg's libraries")
# The Debian description: the summary as its first line, then this.
set(CPACK_PACKAGE_DESCRIPTION "Four small command-line tools that read stdin and write stdout, over
FFmpeg's libraries: memremux remuxes without decoding, also where ffmpeg
gives up on a pipe; graphrun runs a libavfilter graph; syncplay plays with
ffplay's audio/video sync model, also headless; avprobe-json prints
ffprobe-compatible JSON for automation. Each takes the command line of
its ffmpeg counterpart.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_STRIP_FILES ON)  # no debug symbols in the package (the build's stay in the build tree)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # mediatoolkit_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the binaries' libraries, by dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
