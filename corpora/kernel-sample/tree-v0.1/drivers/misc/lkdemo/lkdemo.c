// SPDX-License-Identifier: GPL-2.0
/*
 * lkdemo: a character device that hands back what was written to it,
 * oldest byte first, through a ring buffer.
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/ringbuf.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/lkdemo.h>

#define LKDEMO_DEFAULT_SIZE	4096
#define LKDEMO_CHUNK		256

struct lkdemo_dev {
	struct miscdevice misc;
	struct mutex lock;	/* serialises every access to ring */
	struct ringbuf ring;
};

static struct lkdemo_dev *lkdemo;

static ssize_t lkdemo_read(struct file *file, char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	u8 chunk[LKDEMO_CHUNK];
	size_t n;

	mutex_lock(&lkdemo->lock);
	n = ringbuf_pop(&lkdemo->ring, chunk, min(count, sizeof(chunk)));
	mutex_unlock(&lkdemo->lock);

	if (copy_to_user(ubuf, chunk, n))
		return -EFAULT;
	return n;
}

static ssize_t lkdemo_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	u8 chunk[LKDEMO_CHUNK];
	size_t n = min(count, sizeof(chunk));

	if (copy_from_user(chunk, ubuf, n))
		return -EFAULT;

	mutex_lock(&lkdemo->lock);
	n = ringbuf_push(&lkdemo->ring, chunk, n);
	mutex_unlock(&lkdemo->lock);

	return n ? n : -ENOSPC;
}

static long lkdemo_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	switch (cmd) {
	case LKDEMO_IOC_CLEAR:
		mutex_lock(&lkdemo->lock);
		lkdemo->ring.tail = lkdemo->ring.head;
		mutex_unlock(&lkdemo->lock);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations lkdemo_fops = {
	.owner		= THIS_MODULE,
	.read		= lkdemo_read,
	.write		= lkdemo_write,
	.unlocked_ioctl	= lkdemo_ioctl,
	.compat_ioctl	= lkdemo_ioctl,
	.llseek		= noop_llseek,
};

static int __init lkdemo_init(void)
{
	int ret;

	lkdemo = kzalloc(sizeof(*lkdemo), GFP_KERNEL);
	if (!lkdemo)
		return -ENOMEM;

	mutex_init(&lkdemo->lock);
	ret = ringbuf_init(&lkdemo->ring, LKDEMO_DEFAULT_SIZE, GFP_KERNEL);
	if (ret)
		goto err_free;

	lkdemo->misc.minor = MISC_DYNAMIC_MINOR;
	lkdemo->misc.name = "lkdemo";
	lkdemo->misc.fops = &lkdemo_fops;
	ret = misc_register(&lkdemo->misc);
	if (ret)
		goto err_ring;
	return 0;

err_ring:
	ringbuf_free(&lkdemo->ring);
err_free:
	kfree(lkdemo);
	return ret;
}

static void __exit lkdemo_exit(void)
{
	misc_deregister(&lkdemo->misc);
	ringbuf_free(&lkdemo->ring);
	kfree(lkdemo);
}

module_init(lkdemo_init);
module_exit(lkdemo_exit);

MODULE_AUTHOR("Marta Kowalczyk <marta.kowalczyk@example.org>");
MODULE_DESCRIPTION("lkdemo echo device");
MODULE_LICENSE("GPL");
