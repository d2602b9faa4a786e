// A terminal screen for tests: applies what a program writes to a TTY (text,
// \r, \n and the ANSI cursor and erase sequences readline uses) and shows the
// lines a person would see. Enough of a VT100 for readline's output, no more.

export interface Screen {
  write(chunk: string): void;
  /** The visible lines, trailing spaces and trailing empty lines removed. */
  lines(): string[];
  /** The cursor: row and column, from 0. */
  cursor(): { row: number; col: number };
}

export function createScreen(): Screen {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const at = (r: number) => (rows[r] ??= []);
  const erase = (r: number, from: number, to: number) => {
    const line = at(r);
    for (let c = from; c < Math.min(to, line.length); c++) line[c] = ' ';
  };
  const csi = (params: string, final: string) => {
    const n = params === '' ? undefined : Number(params.split(';')[0]);
    switch (final) {
      case 'G': col = (n ?? 1) - 1; break;
      case 'C': col += n ?? 1; break;
      case 'D': col = Math.max(0, col - (n ?? 1)); break;
      case 'A': row = Math.max(0, row - (n ?? 1)); break;
      case 'B': row += n ?? 1; break;
      case 'K':
        if ((n ?? 0) === 0) erase(row, col, Infinity);
        else if (n === 1) erase(row, 0, col + 1);
        else erase(row, 0, Infinity);
        break;
      case 'J':
        if ((n ?? 0) === 0) {
          erase(row, col, Infinity);
          rows.length = row + 1;
        }
        break;
      default:
        throw new Error(`screen: unsupported sequence ESC[${params}${final}`);
    }
  };
  return {
    write(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i]!;
        if (ch === '\u001b' && chunk[i + 1] === '[') {
          const m = /^\u001b\[([0-9;]*)([A-Za-z])/.exec(chunk.slice(i));
          if (!m) throw new Error(`screen: bad escape at ${JSON.stringify(chunk.slice(i, i + 8))}`);
          csi(m[1]!, m[2]!);
          i += m[0].length - 1;
        } else if (ch === '\r') col = 0;
        else if (ch === '\n') {
          row++;
          col = 0;
        } else {
          const line = at(row);
          while (line.length < col) line.push(' ');
          line[col++] = ch;
        }
      }
      at(row);
    },
    lines() {
      const out = rows.map((r) => (r ?? []).join('').trimEnd());
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    },
    cursor: () => ({ row, col }),
  };
}
