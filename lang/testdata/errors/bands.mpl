policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio bands {
        0..500: 25%
        600..: 60% // ### `gap between bands: nothing covers 500..600`
    }
}
---
// Unsorted bands: the second starts below the first.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio bands {
        500..1000: 60%
        0..500: 25% // ### `band 0.. overlaps the band before, which ends at 1000`
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio bands {
        0..500: 25%
        400..: 60% // ### `band 400.. overlaps the band before, which ends at 500`
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio bands {
        500..0: 25% // ### `band 500..0 ends before it starts`
        0..: 60%
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio bands {
        0..: 25% // ### `only the last band may be open`
        500..1000: 60%
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    base oop
    ratio bands {
        ¥0..¥500: 25%
        ¥500..100000: 65%
        100000..: 50%
    }
    cap ¥300000 per year
}
