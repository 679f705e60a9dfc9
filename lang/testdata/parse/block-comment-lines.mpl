policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院 /* 人员类别、
                      在职? */
    ratio  85%
}
