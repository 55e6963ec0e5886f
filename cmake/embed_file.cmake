# Writes OUT: a C++ source defining `extern const char NAME[]` with the contents of IN, so that
# a resource (the HTML report template) is compiled into the library.
file(READ ${IN} content)
set(body "// Generated from ${IN} by cmake/embed_file.cmake. Do not edit.\n")
string(APPEND body "namespace talign {\nextern const char ${NAME}[];\n")
# A raw string literal; the delimiter must not occur in the file (checked below).
string(FIND "${content}" ")talign_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )talign_embed\"")
endif()
string(APPEND body "const char ${NAME}[] = R\"talign_embed(${content})talign_embed\";\n}  // namespace talign\n")
file(WRITE ${OUT}.new "${body}")
file(COPY_FILE ${OUT}.new ${OUT} ONLY_IF_DIFFERENT)
