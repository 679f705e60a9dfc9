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
        0..500: 25% // ### `band 0.. comes after band 500..: bands are listed from the lowest amount up`
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
---
// Bands out of order are said to be, not an overlap and a gap.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio bands {
        500..10000: 65%
        0..500: 25% // ### `band 0.. comes after band 500..: bands are listed from the lowest amount up`
        10000..: 50%
    }
}
---
// A band that ends where it starts is empty.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio bands {
        0..0: 10% // ### `band 0..0 is empty: it ends where it starts`
        0..500: 25%
        500..: 50%
    }
}
