"""A proposal's words, as the similar-proposal search weighs them.

Chinese has no spaces: `jieba` cuts the text into words. Words that every proposal uses
(关于、建议、加强、推进、进一步、我市、一是…) say nothing about what a proposal asks and are
dropped; so are single characters and numbers. Members write the same thing in different
words (电瓶车 for 电动自行车, 增设电梯 for 加装电梯): a short list of the synonyms seen in
proposals maps them to one word.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable

# Formulaic words of proposals and of official Chinese; they are in almost every proposal or
# carry no subject of their own.
STOP_WORDS = frozenset(
    word
    for line in (
        "关于 建议 提案 意见 对策 思考 我市 全市 本市 市区 城区 相关 有关 部门",
        "政府 方面 目前 当前 现在 存在 进一步 加强 加快 推进 推动 促进 提升 提高",
        "完善 健全 强化 优化 深化 落实 实施 开展 进行 做好 抓好 建设 发展 管理",
        "服务 工作 机制 体系 制度 政策 措施 问题 情况 方式 模式 能力 水平 力度",
        "质量 效率 一是 二是 三是 四是 五是 六是 首先 其次 再次 最后 同时 此外",
        "另外 以及 并且 而且 但是 然而 因此 所以 通过 根据 按照 围绕 针对 对于",
        "由于 为了 以便 从而 进而 以上 以下 其中 之间 之一 一些 部分 一定 一批",
        "逐步 不断 持续 积极 切实 有效 全面 重点 主要 重要 明显 较为 比较 较大",
        "较多 较少 不足 不够 不高 不强 需要 应当 应该 可以 能够 必须 是否 没有",
        "尚未 仍然 还是 已经 正在 将会 进行 作为 成为 形成 实现 保障 坚持 统筹",
        "注重 加以 予以 给予 相应 各类 各级 各项 多方 多种 一方面 另一方面 方案",
        "目标 任务 要求 举措 我们 他们 这些 那些 这个 那个 其他 其它 以来 近年来",
        "近年 年来 多年 今年 去年 每年 日益 越来越 更加",
    )
    for word in line.split()
)
# The word members also use for the same thing → the word kept.
SYNONYMS = {
    "电瓶车": "电动自行车",
    "电动车": "电动自行车",
    "老小区": "老旧小区",
    "老旧": "老旧小区",
    "增设": "加装",
    "托幼": "托育",
    "幼托": "托育",
    "婴幼儿": "托育",
    "停车位": "停车",
    "车位": "停车",
    "停车场": "停车",
    "养老院": "养老机构",
    "敬老院": "养老机构",
    "老年人": "老人",
    "长者": "老人",
    "中小学生": "学生",
    "中小学": "学校",
    "网约车": "网约",
    "快递员": "新就业形态",
    "外卖员": "新就业形态",
    "骑手": "新就业形态",
    "预付费": "预付卡",
    "充值卡": "预付卡",
    "内涝": "积水",
    "雨污": "排水",
}
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")

_tokenizer = None
_warming = False
_lock = threading.Lock()


def _jieba():
    """jieba's tokenizer, its dictionary read once per process (about half a second)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in SYNONYMS.values():
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


def warm_up(then: Callable[[], None] | None = None) -> None:
    """Read jieba's dictionary on a thread of its own, once per process (cheap to call again),
    and call `then` on that thread once it is read."""
    global _warming
    if _warming:
        return
    with _lock:
        if _warming:
            return
        _warming = True

    def read() -> None:
        _jieba()
        if then is not None:
            then()

    threading.Thread(target=read, name="jieba-dictionary", daemon=True).start()


def words(text: str) -> list[str]:
    """The words of `text` that say what it is about, synonyms mapped, in order."""
    kept = []
    for word in _jieba().lcut_for_search(text or ""):
        word = SYNONYMS.get(word, word)
        if len(word) < 2 or word in STOP_WORDS or not WORD.search(word):
            continue
        kept.append(word.lower())
    return kept


def title_core(title: str) -> str:
    """The title's own words, without the frame and the verbs every title has (关于加快……的建议)."""
    return "".join(words(title))


TITLE_WEIGHT = 2  # a title's words count as if written twice: the title says what is asked


def word_counts(title: str, body: str) -> Counter[str]:
    """How often each word stands in the text, the title's counted twice."""
    counts: Counter[str] = Counter()
    for word in words(title):
        counts[word] += TITLE_WEIGHT
    counts.update(words(body))
    return counts


def term_weights(title: str, body: str) -> dict[str, float]:
    """The proposal's words with their weights (1 + log of the count), scaled to length 1: long
    and short proposals compare alike."""
    return normalised({w: 1 + math.log(count) for w, count in word_counts(title, body).items()})


def normalised(weights: dict[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(value * value for value in weights.values()))
    return {word: value / length for word, value in weights.items()} if length else {}
