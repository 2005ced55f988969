# dateline_embed(TARGET NAMESPACE ROOT FILES...): compiles the files into a static library that
# exposes them as `std::span<const EmbeddedFile> NAMESPACE::embedded_files()`, keyed by their path
# relative to ROOT. The generator runs at build time, so editing a theme file rebuilds the library.
function(dateline_embed target ns root)
  set(out_cc ${CMAKE_CURRENT_BINARY_DIR}/${target}.cc)
  string(REPLACE ";" "|" files_arg "${ARGN}")
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DROOT=${root} -DNS=${ns} -DOUT=${out_cc}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed_gen.cmake
    COMMENT "Embedding ${target}"
    VERBATIM)
  add_library(${target} STATIC ${out_cc})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
