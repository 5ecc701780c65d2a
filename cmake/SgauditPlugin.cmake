# sgaudit_add_plugin(NAME src...) builds an audit plugin as a loadable module against sdk/ only.
# The same function serves plugins in this repository and, installed with the SDK
# (lib/cmake/sgaudit), plugins built elsewhere with find_package(sgaudit).
# Hidden visibility keeps everything but the C entry point private to the plugin, and the
# file lands beside the sgaudit executable so a build tree finds it.
function(sgaudit_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY" "" ${ARGN})
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE sgaudit::sdk)
  string(REPLACE "-" "_" symbol_safe "${name}")
  set_target_properties(${name} PROPERTIES
      PREFIX ""
      OUTPUT_NAME "sgaudit-${name}"
      CXX_VISIBILITY_PRESET hidden
      VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  else()
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin/plugins")
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION lib/sgaudit/plugins)
  endif()
endfunction()
