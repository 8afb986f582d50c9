// SPDX-License-Identifier: GPL-2.0
/*
 * A byte ring buffer with a power-of-two capacity.
 *
 * head and tail run freely and are masked on access, so a full ring and
 * an empty ring are told apart without wasting a slot.
 */

#include <linux/export.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/ringbuf.h>
#include <linux/slab.h>

int ringbuf_init(struct ringbuf *rb, size_t size, gfp_t gfp)
{
	if (!is_power_of_2(size))
		return -EINVAL;

	rb->data = kmalloc(size, gfp);
	if (!rb->data)
		return -ENOMEM;
	rb->size = size;
	rb->head = 0;
	rb->tail = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(ringbuf_init);

void ringbuf_free(struct ringbuf *rb)
{
	kfree(rb->data);
	rb->data = NULL;
	rb->size = 0;
}
EXPORT_SYMBOL_GPL(ringbuf_free);

size_t ringbuf_push(struct ringbuf *rb, const u8 *buf, size_t len)
{
	size_t i, n = min(len, ringbuf_avail(rb));

	for (i = 0; i < n; i++)
		rb->data[(rb->head + i) & (rb->size - 1)] = buf[i];
	rb->head += n;
	return n;
}
EXPORT_SYMBOL_GPL(ringbuf_push);

size_t ringbuf_pop(struct ringbuf *rb, u8 *buf, size_t len)
{
	size_t i, n = min(len, ringbuf_used(rb));

	for (i = 0; i < n; i++)
		buf[i] = rb->data[(rb->tail + i) & (rb->size - 1)];
	rb->tail += n;
	return n;
}
EXPORT_SYMBOL_GPL(ringbuf_pop);

MODULE_DESCRIPTION("Byte ring buffer");
MODULE_LICENSE("GPL");
