# dateline_embed(TARGET NAMESPACE ROOT FILES... [MOUNT PREFIX DIR FILES...]...): compiles the files
# into a static library that exposes them as `std::span<const EmbeddedFile> NAMESPACE::embedded_files()`.
# FILES after ROOT are keyed by their path relative to ROOT; the FILES of each MOUNT group are keyed
# by PREFIX followed by their path relative to DIR, so files kept elsewhere (an npm package under
# node_modules) join the same set without being copied. The generator runs at build time, so
# editing an embedded file rebuilds the library.
function(dateline_embed target ns root)
  set(out_cc ${CMAKE_CURRENT_BINARY_DIR}/${target}.cc)
  set(files "")
  set(names "")
  set(dir ${root})
  set(prefix "")
  set(expect file)
  foreach(arg IN LISTS ARGN)
    if(expect STREQUAL "prefix")
      set(prefix ${arg})
      set(expect dir)
    elseif(expect STREQUAL "dir")
      set(dir ${arg})
      set(expect file)
    elseif(arg STREQUAL "MOUNT")
      set(expect prefix)
    else()
      file(RELATIVE_PATH rel ${dir} ${arg})
      if(rel MATCHES "^\\.\\./")
        message(FATAL_ERROR "dateline_embed(${target}): ${arg} is not below ${dir}")
      endif()
      list(APPEND files ${arg})
      list(APPEND names ${prefix}${rel})
    endif()
  endforeach()
  if(NOT expect STREQUAL "file")
    message(FATAL_ERROR "dateline_embed(${target}): MOUNT needs a PREFIX and a DIR")
  endif()
  string(REPLACE ";" "|" files_arg "${files}")
  string(REPLACE ";" "|" names_arg "${names}")
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DNS=${ns} -DOUT=${out_cc} "-DFILES=${files_arg}"
            "-DNAMES=${names_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    COMMENT "Embedding ${target}"
    VERBATIM)
  add_library(${target} STATIC ${out_cc})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
