# gzip -9n IN > OUT, as Debian compresses man pages and changelogs (no name, no time stamp: reproducible):
# cmake -DIN=file -DOUT=file.gz -P GzipFile.cmake
execute_process(COMMAND gzip -9n -c ${IN} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "gzip ${IN} failed (${_status})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
