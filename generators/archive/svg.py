"""SVG attachments made inert: a real XML parse (defusedxml: no DTD, no entities) and an allowlist of
elements and attributes. No script, no event handler, no foreignObject, no external or script link.

`clean(data)` returns the sanitized file and what was removed; `SvgError` says why a file cannot be used.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 20_000_000
MAX_DEPTH = 200

ELEMENTS = set("""svg g defs title desc symbol use rect circle ellipse line polyline polygon path text tspan
textPath image linearGradient radialGradient stop pattern clipPath mask marker filter feBlend feColorMatrix
feComponentTransfer feComposite feFlood feGaussianBlur feMerge feMergeNode feMorphology feOffset feFuncR
feFuncG feFuncB feFuncA feDropShadow switch""".split())

ATTRIBUTES = set("""id class lang width height x y x1 y1 x2 y2 cx cy r rx ry dx dy d points viewBox
preserveAspectRatio transform version baseProfile fill fill-opacity fill-rule stroke stroke-width
stroke-opacity stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset stroke-miterlimit opacity
color display visibility overflow clip-path clip-rule mask filter marker-start marker-mid marker-end font-family
font-size font-weight font-style font-variant letter-spacing word-spacing text-anchor dominant-baseline
alignment-baseline baseline-shift text-decoration writing-direction writing-mode direction textLength
lengthAdjust startOffset rotate offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod fx fy
fr patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits markerWidth
markerHeight markerUnits refX refY orient filterUnits primitiveUnits in in2 result mode type values
tableValues slope intercept amplitude exponent operator k1 k2 k3 k4 stdDeviation flood-color flood-opacity
radius style href space""".split())

_RASTER = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_CSS_BAD = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


class SvgError(ValueError):
    """An SVG file that cannot be published: not well-formed XML, a DTD or entity, too deep, too big."""


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _safe_href(element: str, value: str) -> bool:
    compact = _CONTROL.sub("", value)
    if compact.startswith("#"):
        return True
    return element == "image" and bool(_RASTER.match(value.strip()))


def clean(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG without anything active, and a list of what was removed (empty: nothing to remove)."""
    if len(data) > MAX_BYTES:
        raise SvgError(f"文件超过 {MAX_BYTES // 1_000_000} MB")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise SvgError("文件含有 DTD 或实体声明（<!DOCTYPE>/<!ENTITY>）") from None
    except ET.ParseError as exc:
        raise SvgError(f"不是格式正确的 XML（{exc}）") from None
    except (ValueError, RecursionError) as exc:
        raise SvgError(f"无法解析（{type(exc).__name__}）") from None
    if _local(root.tag) != (SVG, "svg"):
        raise SvgError("根元素不是 SVG 命名空间里的 <svg>")
    removed: list[str] = []
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SvgError(f"元素嵌套超过 {MAX_DEPTH} 层")
        _, element = _local(node.tag)
        for child in list(node):
            if not isinstance(child.tag, str):  # comments and processing instructions
                node.remove(child)
                continue
            ns, local = _local(child.tag)
            if ns != SVG or local not in ELEMENTS:
                removed.append(f"<{local}>")
                node.remove(child)
            else:
                stack.append((child, depth + 1))
        for name in list(node.attrib):
            ns, local = _local(name)
            value = node.attrib[name]
            allowed = (ns == "" and local in ATTRIBUTES and local != "space") or (ns == XLINK and local == "href") \
                or (ns == XML and local in ("space", "lang"))
            if allowed and local == "href" and not _safe_href(element, value):
                allowed = False
            if allowed and local == "style" and _CSS_BAD.search(value):
                allowed = False
            if not allowed:
                removed.append(f"{local}=")
                del node.attrib[name]
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    try:
        out = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    except RecursionError:
        raise SvgError(f"元素嵌套超过 {MAX_DEPTH} 层") from None
    return out, sorted(set(removed))
