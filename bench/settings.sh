# Checks of a bench script's settings (its environment variables), sourced by the scripts before they build or start
# anything: a bad setting stops the script with one line naming the variable as typed, and exit 2.
#   . bench/settings.sh; SETTINGS_OF=bench/x.sh
#   whole_setting ROUNDS 5; duration_setting DURATION; commit_setting BASE_REV; file_setting BASELINE_CLI

bad_setting() { echo "${SETTINGS_OF:-bench}: $1" >&2; exit 2; }

whole_setting() { # NAME MIN [MAX] -> returns if $NAME is a whole number from MIN to MAX (default 1000000)
  local v=${!1} max=${3:-1000000}
  case $v in ''|*[!0-9]*) bad_setting "$1 '$v' is not a whole number" ;; esac
  [ ${#v} -le 7 ] && [ "$((10#$v))" -ge "$2" ] && [ "$((10#$v))" -le "$max" ] || bad_setting "$1 '$v' is outside $2-$max"
}

duration_setting() { # NAME -> returns if $NAME is a wrk duration: a whole number of seconds, minutes or hours (5s, 2m)
  [[ ${!1} =~ ^[1-9][0-9]{0,4}[smh]?$ ]] || bad_setting "$1 '${!1}' is not a duration such as 5s or 2m"
}

commit_setting() { # NAME -> returns if $NAME names a commit in this repository
  git cat-file -e "${!1}^{commit}" 2>/dev/null || bad_setting "$1 '${!1}' is not a commit here"
}

file_setting() { # NAME -> returns if $NAME is empty or names a file
  [ -z "${!1}" ] || [ -f "${!1}" ] || bad_setting "$1 '${!1}' is not a file"
}
