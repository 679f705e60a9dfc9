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
