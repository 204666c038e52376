# mt_warnings(target): the project's warning set; errors when MT_WERROR is on.
function(mt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wformat=2)
  if(MT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
