# Writes talign.1 with help2man: `talign --help` and `--version` as the page's head, every
# subcommand's --help as a COMMANDS section, so that the man page says what the binary does.
# Usage: cmake -DTALIGN=path/to/talign -DHELP2MAN=help2man -DOUT=talign.1 -DWORK=dir -P man_page.cmake
set(commands split align batch stream report convert eval)
set(include "[COMMANDS]\n")
foreach(command ${commands})
  execute_process(COMMAND ${TALIGN} ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${TALIGN} ${command} --help failed")
  endif()
  # roff: a leading dot or quote would be a request, a backslash an escape.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND include ".SS talign ${command}\n.nf\n${help}.fi\n")
endforeach()
file(WRITE ${WORK}/talign.h2m "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr
                        --name "aligns a document with its translation sentence by sentence"
                        --include ${WORK}/talign.h2m --output ${OUT} ${TALIGN}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed")
endif()
