"""nlp/text/seniority.py and its use in one note and across an account: namesakes told apart by title and rank."""
from __future__ import annotations

import pytest

from features.accounts.mentions import mentions_in
from features.accounts.people import merge_people
from features.accounts.records import Meeting, StoredStatement
from nlp.people import find_people
from nlp.text.seniority import by_seniority, rank, title_clash


@pytest.mark.parametrize("text, expected", [("总经理", 3), ("冯总", 3), ("信息中心主任", 2), ("财务总监", 2),
                                            ("仓储管理科科长", 1), ("葛工", 0), ("信息中心", 0)])
def test_rank_of_roles_and_titled_forms(text, expected):
    assert rank(text) == expected


@pytest.mark.parametrize("title, role, clash", [("总", "仓储管理科科长", True), ("总", "总经理", False),
                                                ("工", "信息中心", False), ("总", "科长", True), ("总", "副总", False),
                                                ("科长", None, False), ("工", "Service Manager", True),
                                                ("经理", "Service Manager", False), ("经理", "Lift Engineer", True),
                                                ("总", "Managing Director", False), ("主任", "Service Manager", False)])
def test_a_title_clashes_only_with_a_role_that_names_another_title(title, role, clash):
    assert title_clash(title, role) is clash


def test_junior_and_senior_namesakes():
    boss, clerk = "总经理", "科长"
    assert by_seniority([boss, clerk], junior=True, describe=str) == [clerk]
    assert by_seniority([boss, clerk], junior=False, describe=str) == [boss]
    assert by_seniority([boss], junior=True, describe=str) == []  # 小冯 is never 冯总
    assert by_seniority(["科长", "经理"], junior=True, describe=str) == ["科长", "经理"]  # one rank: undecided


def _forms(text: str) -> list[set[str]]:
    return [set(p.forms) for p in find_people(text)]


def test_two_titles_of_one_surname_in_a_note_are_two_people():
    forms = _forms("参会：冯科长、邵静总监。\n1. 冯科长：出入库要全程录像。\n2. 冯总临时去集团开会，未出席。\n")
    assert {"冯科长"} in forms and {"冯总"} in forms


def test_xiao_is_not_the_boss_and_lao_is():
    forms = _forms("上午见冯总、邵总监，小冯列席。\n老冯说数据上政务云是底线。\n小冯私下说会继续推。\n")
    assert {"冯总", "老冯"} in forms and {"小冯"} in forms


def test_an_account_gives_a_titled_form_to_the_namesake_the_title_fits():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    first = "客户：冯国梁（总经理）、冯晓琳（仓储管理科科长）"
    sts = [[StoredStatement("a", 0, first, "none", 0.9, "zh", mentions_in(first))],
           # a chat where 冯晓琳 speaks of 冯总: the note knows one 冯 and joined 冯总 to her
           [StoredStatement("b", 0, "冯晓琳：冯总这周在省里开会。", "none", 0.9, "zh", mentions_in("冯晓琳：冯总这周在省里开会。"))]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert "冯总" in forms["冯国梁"] and "冯总" not in forms["冯晓琳"]


def test_a_co_op_chair_is_the_senior_namesake():
    people = {p.name: set(p.forms) for p in find_people(
        "见到：蔡振华 理事长；蔡琳 生产主管；郝建 信息员\n- 老蔡带我们看了挤奶厅。\n- 蔡理事长原话：温度要自动上传。\n"
        "- 小蔡说她和理事长不是一家。\n")}
    assert {"老蔡", "蔡理事长"} <= people["蔡振华"] and "小蔡" in people["蔡琳"]
