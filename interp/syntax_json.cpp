#include "syntax_json.hpp"

#include <nlohmann/json.hpp>

#include "grammar/dialects.hpp"

namespace chainscript {

namespace {

using Json = nlohmann::ordered_json;

void place(Json& j, const Location& at) {
  j["line"] = at.line;
  j["column"] = at.column;
}

Json word_json(const ast::Word& w) {
  Json j = {{"type", "word"}};
  place(j, w.at);
  j["text"] = w.text();
  Json pieces = Json::array();
  for (const auto& p : w.pieces()) pieces.push_back({{"text", std::string(p.text())}, {"substitutable", p.substitutable}});
  j["pieces"] = std::move(pieces);
  return j;
}

// Every word and block of BODY in script order, with the depth each is at:
// word(w, depth), open(block, depth) before its body, close(block, depth)
// after it. Blocks nest up to max_block_depth: an explicit stack, as every
// other walk of the tree has, not recursion.
template <class Word, class Open, class Close>
void walk(ast::Body body, Word word, Open open, Close close) {
  struct Frame {
    ast::Body nodes;
    size_t next;
    const ast::Block* block;
  };
  std::vector<Frame> stack{{body, 0, nullptr}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const size_t depth = stack.size() - 1;
    if (f.next == f.nodes.size()) {
      const ast::Block* b = f.block;
      stack.pop_back();
      if (b) close(*b, depth - 1);
      continue;
    }
    const ast::Node& n = f.nodes[f.next++];
    if (const auto* w = n.word()) {
      word(*w, depth);
    } else {
      open(*n.block(), depth);
      stack.push_back({n.block()->body, 0, n.block()});
    }
  }
}

// The body as JSON text, written as the walk goes: a tree of nlohmann
// values 10,000 blocks deep would be copied, printed and freed by recursion.
// The same text as that tree's dump(): a block is {"type", "line", "column",
// "end_line", "end_column", "body"}.
std::string body_json(ast::Body body) {
  std::string out = "[";
  std::vector<bool> first{true};  // per open list: nothing written in it yet
  const auto item = [&] {
    if (!first.back()) out += ',';
    first.back() = false;
  };
  walk(
      body,
      [&](const ast::Word& w, size_t) {
        item();
        out += word_json(w).dump();
      },
      [&](const ast::Block& b, size_t) {
        item();
        Json j = {{"type", "block"}};
        place(j, b.open);
        j["end_line"] = b.close.line;
        j["end_column"] = b.close.column;
        out += j.dump();
        out.back() = ',';  // the object stays open for its body
        out += "\"body\":[";
        first.push_back(true);
      },
      [&](const ast::Block&, size_t) {
        out += "]}";
        first.pop_back();
      });
  return out + "]";
}

Json header(const std::string& file, Dialect dialect) {
  return {{"version", 1}, {"file", file}, {"dialect", std::string(dialect_name(dialect))}};
}

}  // namespace

std::string syntax_tree_json(const ast::Script& script) {
  std::string out = header(script.file ? *script.file : "", script.dialect).dump();
  out.pop_back();  // the header's closing brace: body and comments follow
  out += ",\"body\":" + body_json(script.body);
  Json comments = Json::array();
  for (const auto& c : script.comments) {
    Json cj;
    place(cj, c.at);
    cj["text"] = c.text;
    comments.push_back(std::move(cj));
  }
  return out + ",\"comments\":" + comments.dump() + "}\n";
}

std::string syntax_tree_text(const ast::Script& script) {
  std::string out;
  const auto line = [&](const Location& at, size_t depth, const std::string& what) {
    out += std::string(2 * depth, ' ') + std::to_string(at.line) + ":" + std::to_string(at.column) + " " + what + "\n";
  };
  walk(
      script.body, [&](const ast::Word& w, size_t depth) { line(w.at, depth, Json(w.text()).dump()); },
      [&](const ast::Block& b, size_t depth) { line(b.open, depth, "{"); },
      [&](const ast::Block& b, size_t depth) { line(b.close, depth, "}"); });
  return out;
}

std::string errors_json(const std::string& file, const Rules& rules, const std::vector<Failure>& errors) {
  Json j = header(file, rules.dialect);
  Json list = Json::array();
  for (const auto& f : errors) {
    Json e;
    e["file"] = f.at.file ? *f.at.file : file;
    place(e, f.at);
    e["builtin"] = f.builtin;
    e["message"] = f.what();
    e["exit"] = exit_status(f, rules);
    list.push_back(std::move(e));
  }
  j["errors"] = std::move(list);
  return j.dump() + "\n";
}

}  // namespace chainscript
