# Sourced by the bench scripts: output folders of earlier runs are set
# aside, not deleted, until the bench ends.
#
# Deleting thousands of files right before a timed run slows that run's
# file creation on some file systems: ext4 without a journal (this
# project's CI machines) does not reuse an inode freed in the last minute
# and scans past every such inode on each allocation, so that each run
# would be slower than the one before (1.2, 2.3, 3.4 s for the same
# 10,000-file build a few seconds apart) and the bench would time the
# file system's recent history instead of the tools. A rename costs
# nothing; the set-aside folders are deleted when the bench exits. On
# tmpfs, which has no such slowdown and where they would fill memory (a
# few gigabytes at 50,000 files), they are deleted at once.
#
# Needs $work (the bench's working folder).

trash="$work/.set-aside"
# Left by a bench that was killed: set aside too, deleted at the end.
if [ -d "$trash" ]; then
  mv "$trash" "$work/.set-aside-old.$$"
  mkdir -p "$trash"
  mv "$work/.set-aside-old.$$" "$trash/"
fi
trap 'rm -rf "$trash"' EXIT

on_tmpfs=$([ "$(stat -f -c %T "$work" 2>/dev/null)" = tmpfs ] && echo 1 || true)

# set_aside DIR: moves DIR (if it exists) into the set-aside folder.
set_aside() {
  [ -e "$1" ] || return 0
  if [ -n "$on_tmpfs" ]; then rm -rf "$1"; return; fi
  mkdir -p "$trash"
  mv "$1" "$(mktemp -u -p "$trash" "$(basename "$1").XXXXXX")"
}
