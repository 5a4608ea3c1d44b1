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
  for (const auto& p : w.pieces) pieces.push_back({{"text", p.text}, {"substitutable", p.substitutable}});
  j["pieces"] = std::move(pieces);
  return j;
}

// Blocks nest up to max_block_depth: built with an explicit stack, as every
// other walk of the tree is, not by recursion.
Json body_json(const std::vector<ast::Node>& body) {
  struct Frame {
    const std::vector<ast::Node>* nodes;
    size_t next;
    Json out;
    const ast::Block* block;
  };
  std::vector<Frame> stack;
  stack.push_back({&body, 0, Json::array(), nullptr});
  for (;;) {
    Frame& f = stack.back();
    if (f.next == f.nodes->size()) {
      if (stack.size() == 1) return std::move(f.out);
      Json j = {{"type", "block"}};
      place(j, f.block->open);
      j["end_line"] = f.block->close.line;
      j["end_column"] = f.block->close.column;
      j["body"] = std::move(f.out);
      stack.pop_back();
      stack.back().out.push_back(std::move(j));
      continue;
    }
    const ast::Node& n = (*f.nodes)[f.next++];
    if (const auto* w = n.word()) f.out.push_back(word_json(*w));
    else stack.push_back({&n.block()->body, 0, Json::array(), n.block()});
  }
}

Json header(const std::string& file, Dialect dialect) {
  return {{"version", 1}, {"file", file}, {"dialect", std::string(dialect_name(dialect))}};
}

}  // namespace

std::string syntax_tree_json(const ast::Script& script) {
  Json j = header(script.file ? *script.file : "", script.dialect);
  j["body"] = body_json(script.body);
  Json comments = Json::array();
  for (const auto& c : script.comments) {
    Json cj;
    place(cj, c.at);
    cj["text"] = c.text;
    comments.push_back(std::move(cj));
  }
  j["comments"] = std::move(comments);
  return j.dump() + "\n";
}

std::string syntax_tree_text(const ast::Script& script) {
  std::string out;
  struct Frame {
    const std::vector<ast::Node>* nodes;
    size_t next;
    const ast::Block* block;
  };
  std::vector<Frame> stack{{&script.body, 0, nullptr}};
  const auto line = [&](const Location& at, const std::string& what) {
    out += std::string(2 * (stack.size() - 1), ' ') + std::to_string(at.line) + ":" + std::to_string(at.column) +
           " " + what + "\n";
  };
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.nodes->size()) {
      const ast::Block* b = f.block;
      stack.pop_back();
      if (b) line(b->close, "}");
      continue;
    }
    const ast::Node& n = (*f.nodes)[f.next++];
    if (const auto* w = n.word()) {
      line(w->at, Json(w->text()).dump());
    } else {
      line(n.block()->open, "{");
      stack.push_back({&n.block()->body, 0, n.block()});
    }
  }
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
