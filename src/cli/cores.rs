//! Holding a run to a number of CPU cores. tantivy's writer threads run beside lede's own readers,
//! so thread counts alone do not bound the cores a run takes; the process's CPU affinity does.

/// Keeps this process, and every thread it starts from now on, to `n` of the cores it may use.
/// Returns the number of cores it is held to, or `None` when it was not limited (`n` covers
/// every core, or the system does not support it).
pub fn limit_to(n: usize) -> Option<usize> {
    imp::limit_to(n.max(1))
}

#[cfg(target_os = "linux")]
mod imp {
    pub fn limit_to(n: usize) -> Option<usize> {
        // SAFETY: `set` is a plain bit mask owned here, sized as the calls expect; pid 0 is the
        // calling thread, and threads started later inherit its mask.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_getaffinity(0, size, &mut set) != 0 {
                return None;
            }
            let allowed: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
                .filter(|&c| libc::CPU_ISSET(c, &set))
                .collect();
            if n >= allowed.len() {
                return None;
            }
            let mut keep: libc::cpu_set_t = std::mem::zeroed();
            for &c in &allowed[..n] {
                libc::CPU_SET(c, &mut keep);
            }
            (libc::sched_setaffinity(0, size, &keep) == 0).then_some(n)
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    pub fn limit_to(_n: usize) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn asking_for_every_core_limits_nothing() {
        assert_eq!(super::limit_to(usize::MAX), None);
    }
}
