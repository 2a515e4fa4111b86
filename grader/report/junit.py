"""JUnit XML, one test suite per question, for CI systems that show test reports."""
import re
import xml.etree.ElementTree as ET

from grader.report import rendered_checks

# Characters XML 1.0 cannot hold (a learner's output may contain them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text):
    return _ILLEGAL.sub("\ufffd", text)


def build(result, catalogue, lang):
    checks = rendered_checks(result, catalogue, lang)
    root = ET.Element("testsuites", name="grader", tests=str(len(checks)),
                      failures=str(sum(not c.passed for c in checks)))
    for question in result.by_question():
        members = [c for c in checks if c.question == question]
        suite = ET.SubElement(root, "testsuite", name=question, tests=str(len(members)),
                              failures=str(sum(not c.passed for c in members)))
        for check in members:
            case = ET.SubElement(suite, "testcase", classname=question, name=check.check_id,
                                 time="0")
            ET.SubElement(case, "properties")
            prop = case.find("properties")
            ET.SubElement(prop, "property", name="points", value=f"{check.score}/{check.points}")
            ET.SubElement(prop, "property", name="title", value=_clean(check.title))
            if not check.passed:
                failure = ET.SubElement(case, "failure", message=_clean(check.text))
                failure.text = _clean("\n".join(filter(None, [check.hint, check.printed])))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
