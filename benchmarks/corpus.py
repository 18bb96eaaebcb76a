"""Build a benchmark corpus of variants of the seed documents in ``samples/``.

Each variant is one seed after a deterministic combination of the kinds of
damage crawled pages carry: another encoding (GB18030, Big5, UTF-16,
UTF-8 with BOM), Traditional script (OpenCC ``s2t``), pinyin annotations after
polyphonic characters (``發(fā)``), and web chrome lines (breadcrumbs, share and
print links, footers).  The same ``--seed`` always gives the same corpus.

    python benchmarks/corpus.py OUT_DIR --docs 2000
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# Codecs a crawler meets; big5 only makes sense for Traditional text.
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "big5")

# A few polyphonic characters with the reading a crawled page annotates them with.
PINYIN = {
    "发": "fā", "發": "fā", "会": "huì", "會": "huì", "行": "xíng", "长": "zhǎng", "長": "zhǎng",
    "重": "zhòng", "数": "shù", "數": "shù", "为": "wèi", "為": "wèi", "和": "hé", "处": "chù", "處": "chù",
    "调": "diào", "調": "diào", "种": "zhǒng", "種": "zhǒng", "量": "liàng", "应": "yīng", "應": "yīng",
    "业": "yè", "業": "yè", "务": "wù", "務": "wù", "经": "jīng", "經": "jīng", "创": "chuàng", "創": "chuàng",
}

CHROME_HEAD = (
    "首页 > 政务公开 > 政策文件 > 规范性文件",
    "当前位置：首页 » 信息公开 » 通知公告",
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "浏览次数：1287  发布时间：2022-06-01 09:30",
)
CHROME_TAIL = (
    "【打印本页】【关闭窗口】【返回顶部】",
    "相关链接： 国务院 省政府 发展改革委",
    "网站地图 | 联系我们 | 隐私声明 | 网站纠错",
    "主办单位：某市人民政府办公室  承办：某市大数据中心",
    "版权所有 © 2023  ICP备12345678号-1  公网安备 21110002000123号",
    "扫一扫在手机打开当前页",
)


@dataclass(frozen=True, slots=True)
class Variant:
    """How one corpus document was made from its seed."""

    seed: str
    encoding: str
    traditional: bool
    pinyin: bool
    chrome: bool
    index: int

    @property
    def file_name(self) -> str:
        tags = [self.encoding.replace("-", "")]
        tags += ["trad"] if self.traditional else []
        tags += ["py"] if self.pinyin else []
        tags += ["chrome"] if self.chrome else []
        return f"{self.index:05d}_{self.seed[:3]}_{'_'.join(tags)}.txt"


def seed_texts(samples: Path = SAMPLES) -> dict[str, str]:
    """The seed documents (UTF-8 ``*.txt`` in ``samples/``) by stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))}


def add_pinyin(text: str, rng: random.Random, density: float) -> str:
    """Annotate a share of the polyphonic characters with their reading, as some sites do."""
    out: list[str] = []
    for ch in text:
        out.append(ch)
        reading = PINYIN.get(ch)
        if reading is not None and rng.random() < density:
            out.append(f"({reading} )" if rng.random() < 0.2 else f"({reading})")
    return "".join(out)


def add_chrome(text: str, rng: random.Random) -> str:
    """Wrap the text in breadcrumb/share lines above and footer lines below."""
    head = rng.sample(CHROME_HEAD, k=rng.randint(2, len(CHROME_HEAD)))
    tail = rng.sample(CHROME_TAIL, k=rng.randint(2, len(CHROME_TAIL)))
    return "\n".join(head) + "\n\n" + text + "\n\n" + "\n".join(tail) + "\n"


def encode(text: str, encoding: str) -> bytes:
    """Encode as a crawler would have stored it; characters the codec lacks become ``?``."""
    return text.encode(encoding, errors="replace")


def variants(seeds: list[str], n_docs: int, rng: random.Random) -> Iterator[Variant]:
    """``n_docs`` variants, cycling seeds and drawing the damage at random."""
    for i in range(n_docs):
        seed = seeds[i % len(seeds)]
        traditional = rng.random() < 0.35
        encoding = rng.choice(ENCODINGS if traditional else ENCODINGS[:-1])
        yield Variant(seed=seed, encoding=encoding, traditional=traditional,
                      pinyin=rng.random() < 0.3, chrome=rng.random() < 0.5, index=i)


def render(variant: Variant, text: str, rng: random.Random, to_traditional) -> bytes:  # noqa: ANN001
    """The bytes of one variant."""
    if variant.traditional:
        text = to_traditional(text)
    if variant.pinyin:
        text = add_pinyin(text, rng, density=rng.uniform(0.3, 1.0))
    if variant.chrome:
        text = add_chrome(text, rng)
    return encode(text, variant.encoding)


def build_corpus(
    out_dir: Path, n_docs: int = 2000, *, seed: int = 7, samples: Path = SAMPLES
) -> list[tuple[Path, Variant]]:
    """Write ``n_docs`` variant documents into ``out_dir``; return each path with how it was made."""
    import opencc

    out_dir.mkdir(parents=True, exist_ok=True)
    texts = seed_texts(samples)
    if not texts:
        raise SystemExit(f"no seed documents (*.txt) in {samples}")
    s2t = opencc.OpenCC("s2t.json")
    trad_cache: dict[str, str] = {}

    def to_traditional(t: str) -> str:
        if t not in trad_cache:
            trad_cache[t] = s2t.convert(t)
        return trad_cache[t]

    rng = random.Random(seed)
    built: list[tuple[Path, Variant]] = []
    for v in variants(sorted(texts), n_docs, rng):
        path = out_dir / v.file_name
        path.write_bytes(render(v, texts[v.seed], rng, to_traditional))
        built.append((path, v))
    return built


def scaled_document(text: str, times: int) -> str:
    """One document made of ``times`` copies of ``text`` (for size-scaling measurements)."""
    return "\n".join([text] * times)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    built = build_corpus(args.out_dir, args.docs, seed=args.seed)
    total = sum(p.stat().st_size for p, _ in built)
    print(f"{len(built)} documents, {total / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
