# Writes OUT: a C++ source with one entry per language data file (name = file stem).
# FILES is a "|"-separated list of paths.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "// Generated from align/split/lang/*.txt by embed_lang_data.cmake. Do not edit.\n")
string(APPEND body "#include \"align/split/language_data.h\"\nnamespace talign {\n")
string(APPEND body "const EmbeddedLangFile kEmbeddedLangFiles[] = {\n")
set(count 0)
foreach(f IN LISTS FILES)
  get_filename_component(stem ${f} NAME_WE)
  file(READ ${f} content)
  # Raw string literal; the delimiter cannot occur in word lists.
  string(APPEND body "  {\"${stem}\", R\"talign_lang(${content})talign_lang\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND body "};\nconst int kEmbeddedLangFileCount = ${count};\n}  // namespace talign\n")
file(WRITE ${OUT}.new "${body}")
file(COPY_FILE ${OUT}.new ${OUT} ONLY_IF_DIFFERENT)
