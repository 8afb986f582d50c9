/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_LKDEMO_H
#define _UAPI_LINUX_LKDEMO_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LKDEMO_IOC_MAGIC	'k'

/* Drop every byte not yet read. */
#define LKDEMO_IOC_CLEAR	_IO(LKDEMO_IOC_MAGIC, 0)

#endif /* _UAPI_LINUX_LKDEMO_H */
