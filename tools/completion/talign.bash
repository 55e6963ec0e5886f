# bash completion for talign: subcommands, then each subcommand's options, read from the
# installed talign's own --help so that they never fall out of date; file names otherwise.
# Installed by `cmake --install` as share/bash-completion/completions/talign.
_talign() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) command=${COMP_WORDS[i]}; break ;; esac
  done
  if [[ -z $command ]]; then
    local commands
    commands=$("${COMP_WORDS[0]}" --help 2>/dev/null |
               sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  # Values with a fixed set of choices.
  case $prev in
    -f|--format|--to|--from)
      COMPREPLY=($(compgen -W "beads text tmx tsv moses jsonl ladder xces html" -- "$cur"))
      return ;;
    --progress) COMPREPLY=($(compgen -W "never auto always" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    local options
    options=$("${COMP_WORDS[0]}" "$command" --help 2>/dev/null | sed -n '/^Exit codes/q;p' |
              grep -oE -- '(^| )--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ' | sort -u)
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _talign talign
