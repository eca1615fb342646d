# sacreBLEU-compatible BLEU scorer (docs/bleu.md): the library behind `mobilenmt bleu`.
# Included by the CLI's CMake code and by tests/cpp/bleu.cmake; defined once, whoever comes first.
if(NOT TARGET mnmt_bleu)
  add_library(mnmt_bleu STATIC
    ${CMAKE_CURRENT_LIST_DIR}/bleu.cc
    ${CMAKE_CURRENT_LIST_DIR}/bleu_command.cc)
  target_include_directories(mnmt_bleu PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_compile_features(mnmt_bleu PUBLIC cxx_std_17)
endif()
