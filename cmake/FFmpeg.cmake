# FFmpeg's libraries through pkg-config, as IMPORTED targets FFmpeg::avformat, FFmpeg::avcodec, ...
find_package(PkgConfig REQUIRED)
foreach(_lib avformat avcodec avfilter avutil swscale swresample)
  pkg_check_modules(PC_${_lib} REQUIRED IMPORTED_TARGET lib${_lib})
  if(NOT TARGET FFmpeg::${_lib})
    add_library(FFmpeg::${_lib} INTERFACE IMPORTED)
    target_link_libraries(FFmpeg::${_lib} INTERFACE PkgConfig::PC_${_lib})
  endif()
endforeach()
