// The small multi-branch fixture of "where is it now" (issue 18), shared by the CLI's where
// tests and the GUI's commit panel test: a bash script, run in an empty directory, that builds
// linux (master with v6.1..v6.3-rc1, a revert, linux-6.1.y and linux-6.2.y with backports), mm
// (mm-stable), linux-next (next-20230105) and posted.mbox (the fix posted as v2).
#pragma once

namespace lkmine::test {

// Every commit and tag gets its own date (at N): tags are ordered by date, as in the kernel.
inline const char* kWhereTreesScript = R"SH(
set -e
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME='Ann Author' GIT_AUTHOR_EMAIL=ann@example.org
export GIT_COMMITTER_NAME='Carl Committer' GIT_COMMITTER_EMAIL=carl@example.org
at() { export GIT_AUTHOR_DATE="2023-01-$1T10:00:00Z" GIT_COMMITTER_DATE="2023-01-$1T10:00:00Z"; }
commit() { git add -A && git commit -q -m "$1" ${2:+-m "$2"}; }
git init -q -b master linux && cd linux
mkdir mm net && printf 'int alloc(void)\n{\n\treturn 0;\n}\n' > mm/alloc.c
printf 'int feature;\n' > net/core.c
at 01; commit "mm: add the allocator"
git tag -a v6.1 -m v6.1
cd .. && git clone -q linux mm && git clone -q linux linux-next && cd mm
git checkout -q -b mm-stable
at 03; printf 'int alloc(void)\n{\n\tfree_leak();\n\treturn 0;\n}\n' > mm/alloc.c
commit "mm: fix leak in alloc" "Link: https://lore.kernel.org/r/fix-leak-v2@example.org"
at 04; printf 'int alloc(void)\n{\n\tfree_leak();\n\ttrace_alloc();\n\treturn 0;\n}\n' > mm/alloc.c
commit "mm: add tracing to alloc"
cd ../linux-next && git pull -q --no-rebase --no-edit ../mm mm-stable
at 05; git tag -a next-20230105 -m next-20230105
cd ../linux
at 06; git pull -q --no-rebase --no-edit ../mm mm-stable
at 07; git tag -a v6.2-rc1 -m v6.2-rc1
at 08; git revert --no-edit HEAD >/dev/null
at 09; git tag -a v6.2 -m v6.2
at 10; F=$(git log --format=%h -1 --grep='^mm: fix leak')
printf 'int alloc(void)\n{\n\tfree_leak();\n\treturn 1;\n}\n' > mm/alloc.c
commit "mm: return 1 from alloc" "Fixes: $F (\"mm: fix leak in alloc\")"
at 10; git tag -a v6.3-rc1 -m v6.3-rc1
FULL_F=$(git rev-parse "$F") G=$(git rev-parse HEAD)
git checkout -q -b linux-6.1.y v6.1
at 11; git cherry-pick "$FULL_F" >/dev/null
git commit -q --amend -m "mm: fix leak in alloc" -m "commit $FULL_F upstream." -m "Signed-off-by: Greg <greg@example.org>"
at 12; git tag -a v6.1.1 -m v6.1.1
at 13; git cherry-pick "$G" >/dev/null
git commit -q --amend -m "mm: return 1 from alloc" -m "Signed-off-by: Greg <greg@example.org>"
at 14; git tag -a v6.1.2 -m v6.1.2
git checkout -q -b linux-6.2.y v6.2
at 15; git cherry-pick "$G" >/dev/null
git commit -q --amend -m "mm: return 1 from alloc" -m "[ Upstream commit $G ]"
at 16; git tag -a v6.2.1 -m v6.2.1
git checkout -q master
cd ../mm && git format-patch -q -1 --stdout -n --subject-prefix='PATCH v2' HEAD~1 |
  sed 's/^Subject:/Message-Id: <fix-leak-v2@example.org>\nSubject:/' > ../posted.mbox
)SH";

// `lkmine index` arguments after --db DB for the trees built in DIR (each path DIR/name).
inline const char* const kWhereTreesRefs[] = {"linux:master", "linux-6.1.y", "linux-6.2.y",
                                              "linux-next:master", "mm:mm-stable"};

} // namespace lkmine::test
