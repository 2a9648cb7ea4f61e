package sitefs

import "syscall"

// sysFstatat is fstatat(2) under its amd64 name.
const sysFstatat = syscall.SYS_NEWFSTATAT
