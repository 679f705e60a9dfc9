policy "p" {
    insutype 310
    source "s"
}
param 统筹年度限额 = ¥400,000
benefit 住院 {
    covers 普通住院
    ratio  85%
}
