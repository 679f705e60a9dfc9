//go:build unix

package store

import (
	"fmt"
	"os"
	"os/user"
	"slices"
	"strconv"
	"syscall"
)

// unwritableLogFiles returns the -wal and -shm files beside the SQLite
// file path that the user uid, of groups gids, may not write, each with
// its owner and mode: files another user made, reading the ledger
// (mpl ledger show as another user), which SQLite must write to write
// the ledger. Root may write any.
func unwritableLogFiles(path string, uid int, gids []int) []string {
	if uid == 0 {
		return nil
	}
	var found []string
	for _, name := range []string{path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		if err != nil {
			continue
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			continue
		}
		mode := fi.Mode().Perm()
		owner, group := int(st.Uid), int(st.Gid)
		writable := owner == uid && mode&0o200 != 0 ||
			owner != uid && slices.Contains(gids, group) && mode&0o020 != 0 ||
			owner != uid && !slices.Contains(gids, group) && mode&0o002 != 0
		if !writable {
			found = append(found, fmt.Sprintf("%s (owner %s, mode %s)", name, userName(owner), mode))
		}
	}
	return found
}

// userName is the name of the user uid, with the number.
func userName(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil {
		return u.Username + ", uid " + id
	}
	return "uid " + id
}

// thisUser is the effective user and its groups.
func thisUser() (int, []int) {
	gids, _ := os.Getgroups()
	return os.Geteuid(), append(gids, os.Getegid())
}
