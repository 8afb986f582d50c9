#!/usr/bin/perl
# In-process public-inbox query latency: N runs of one query over the given v2 inboxes; prints p50 p95 (ms) hits.
# Usage: pi_query.pl N QUERY INBOX_DIR...   (the query is public-inbox's own syntax: s: f: b: d: m:)
use strict;
use warnings;
use Time::HiRes qw(time);
use PublicInbox::Inbox;

my ($n, $q, @dirs) = @ARGV;
my @ibx = map { PublicInbox::Inbox->new({ inboxdir => $_, name => "bench$_", address => ['bench@example.org'] }) } @dirs;
my $hits = 0;
my $run = sub {
	$hits = 0;
	for my $ibx (@ibx) {
		my $srch = $ibx->search or die "no search index in $ibx->{inboxdir}\n";
		my $mset = $srch->mset($q, { limit => 50, relevance => -1 });
		# Load the summaries (subject, from, date) as a result list would.
		my $smsgs = $srch->mset_to_smsg($ibx, $mset);
		$hits += scalar @$smsgs;
	}
};
$run->();
my @t;
for (1 .. $n) {
	my $t0 = time;
	$run->();
	push @t, (time - $t0) * 1000;
}
@t = sort { $a <=> $b } @t;
printf "%.1f %.1f %d\n", $t[int(@t / 2)], $t[ ($#t < int(@t * 0.95)) ? $#t : int(@t * 0.95) ], $hits;
