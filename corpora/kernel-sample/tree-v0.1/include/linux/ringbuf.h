/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_RINGBUF_H
#define _LINUX_RINGBUF_H

#include <linux/gfp_types.h>
#include <linux/types.h>

/**
 * struct ringbuf - a ring of bytes with a power-of-two capacity
 * @data: the storage, @size bytes
 * @size: capacity in bytes
 * @head: free-running count of bytes written
 * @tail: free-running count of bytes read
 *
 * The ring does no locking of its own: the caller serialises all calls
 * on one ring.
 */
struct ringbuf {
	u8 *data;
	size_t size;
	size_t head;
	size_t tail;
};

int ringbuf_init(struct ringbuf *rb, size_t size, gfp_t gfp);
void ringbuf_free(struct ringbuf *rb);
size_t ringbuf_push(struct ringbuf *rb, const u8 *buf, size_t len);
size_t ringbuf_pop(struct ringbuf *rb, u8 *buf, size_t len);

static inline size_t ringbuf_used(const struct ringbuf *rb)
{
	return rb->head - rb->tail;
}

static inline size_t ringbuf_avail(const struct ringbuf *rb)
{
	return rb->size - ringbuf_used(rb);
}

#endif /* _LINUX_RINGBUF_H */
