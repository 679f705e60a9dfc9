-- a.mpl --
policy "a" {
    extends "b.mpl"
}
-- b.mpl --
policy "b" {
    extends "a.mpl" // ### `extends cycle: a.mpl → b.mpl → a.mpl`
}
---
-- child.mpl --
policy "child" {
    extends "missing.mpl" // ### `cannot read "missing.mpl"`
}
---
// A child replaces its parent's declarations of the same name.
-- child.mpl --
policy "child" {
    extends "base/parent.mpl"
}
param 比例 = 90%
-- base/parent.mpl --
policy "parent" {
    insutype 310
    source "s"
}
param 比例 = 85%
benefit c {
    covers 普通住院
    ratio 比例
}
---
// A place in the parent is named with its file, not as a line of the child.
-- child.mpl --
policy "child" {
    extends "parent.mpl"
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
    cap ¥4000 per year limit 统筹年度限额 // ### `but at ¥460000 in benefit 住院 \(parent.mpl:8\)`
}
-- parent.mpl --
policy "parent" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap ¥460000 per year limit 统筹年度限额
}
---
// extends names a .mpl file by a relative path; nothing else is read, and
// an absolute path is quoted as written.
-- child.mpl --
policy "child" {
    extends "/etc/passwd.mpl" // ### `^extends names an absolute path, "/etc/passwd.mpl"$`
}
---
-- child.mpl --
policy "child" {
    extends "passwd" // ### `^extends names "passwd", not a policy file \(\.mpl\)$`
}
---
-- child.mpl --
policy "child" {
    extends "." // ### `^extends names ".", not a policy file`
}
---
// A path may not leave the directory of the policy checked ...
-- child.mpl --
policy "child" {
    extends "../../etc/other.mpl" // ### `^extends "../../etc/other.mpl" leaves the directory of child.mpl, the policy checked$`
}
---
// ... nor may a file it extends, whatever its own directory.
-- top/child.mpl --
policy "child" {
    extends "base/parent.mpl"
}
-- top/base/parent.mpl --
policy "parent" {
    extends "../../grand.mpl" // ### `^extends "../../grand.mpl" leaves the directory of top/child.mpl, the policy checked$`
}
-- grand.mpl --
policy "grand" {
    insutype 310
    source "s"
}
---
// Within it, .. is fine.
-- child.mpl --
policy "child" {
    extends "base/parent.mpl"
}
-- base/parent.mpl --
policy "parent" {
    extends "../grand.mpl"
}
-- grand.mpl --
policy "grand" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
